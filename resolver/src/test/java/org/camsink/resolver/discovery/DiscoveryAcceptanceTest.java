package org.camsink.resolver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.camsink.resolver.net.Cidr;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Rebrand discovery end to end: a real Unbound upstream serving local data, the resolver with the bundled TRASSIR
 * list and Russian address ranges, and two devices on loopback (127.0.0.2 a camera, 127.0.0.3 a phone). What the
 * owner sees is read from {@code /api/candidates} and the status page over HTTP.
 */
class DiscoveryAcceptanceTest {

    /** The bundled Russian ranges, at their default action (log). */
    private static final String COUNTRY = "country-ru";
    /** In 77.88.0.0/18, which the RIRs list as assigned to Russia (ipverse/rir-ip, country/ru/ipv4-aggregated.txt). */
    private static final String RU_ADDRESS = "77.88.21.3";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aCameraThatAsksForTrassirThenAnUnlistedNameInRussiaProducesOneCandidateAndAPhoneNone() throws Exception {
        InetAddress camera = InetAddress.getByName("127.0.0.2");
        InetAddress phone = InetAddress.getByName("127.0.0.3");
        try (UnboundUpstream up = unbound();
             TestResolver r = TestResolver.start(config(""))) {
            ask(r, camera, "a.ru.cloud.trassir.com.", Rcode.NXDOMAIN);       // the camera's vendor cloud: blocked
            ask(r, camera, "cam.azicloud-test.com.", Rcode.NOERROR);        // new name, answer in a RU prefix: logged
            ask(r, camera, "CAM.azicloud-test.com.", Rcode.NOERROR);        // the same candidate again
            ask(r, phone, "cam.azicloud-test.com.", Rcode.NOERROR);         // a phone that never touched a camera list
            ask(r, phone, "plain.test.", Rcode.NOERROR);

            JsonNode rows = candidates(r).get("candidates");
            assertThat(rows).hasSize(1);
            JsonNode c = rows.get(0);
            assertThat(c.get("domain").asText()).isEqualTo("azicloud-test.com");
            assertThat(c.get("client").asText()).isEqualTo("127.0.0.2");
            assertThat(c.get("queries").asLong()).isEqualTo(2);
            assertThat(c.get("firstSeen").asText()).isNotBlank();
            JsonNode why = c.get("reason");
            assertThat(why.get("match").asText()).isEqualTo("ip");
            assertThat(why.get("via").asText()).isEqualTo(RU_ADDRESS);
            assertThat(why.get("list").asText()).isEqualTo(COUNTRY);
            assertThat(Cidr.parse(why.get("entry").asText()).contains(InetAddress.getByName(RU_ADDRESS))).isTrue();
            assertThat(why.get("query").asText()).isEqualTo("cam.azicloud-test.com");
            assertThat(why.get("blocked").asBoolean()).isFalse();
            assertThat(why.get("text").asText()).contains(RU_ADDRESS, why.get("entry").asText(), COUNTRY);
            assertThat(c.get("shareable").asBoolean()).isTrue();             // country-ru is bundled

            JsonNode cameras = candidates(r).get("cameras");
            assertThat(cameras).hasSize(1);
            assertThat(cameras.get(0).get("address").asText()).isEqualTo("127.0.0.2");
            assertThat(cameras.get(0).get("list").asText()).isEqualTo("trassir");

            String page = get(r, "/");
            assertThat(page).contains("data-domain=\"azicloud-test.com\" data-client=\"127.0.0.2\" data-match=\"ip\"")
                    .doesNotContain("data-client=\"127.0.0.3\" data-match");
        }
    }

    @Test
    void aCnameIntoAListedDomainIsBlockedAndRecordedForTheCameraOnly() throws Exception {
        InetAddress camera = InetAddress.getByName("127.0.0.2");
        InetAddress phone = InetAddress.getByName("127.0.0.3");
        try (UnboundUpstream up = unbound();
             TestResolver r = TestResolver.start(config(""))) {
            ask(r, camera, "m30.ru.cloud.trassir.com.", Rcode.NXDOMAIN);
            Message blocked = ask(r, camera, "video.rebrand-test.net.", Rcode.NXDOMAIN);
            assertThat(blocked.getSection(org.xbill.DNS.Section.ANSWER)).isEmpty();
            ask(r, phone, "video.rebrand-test.net.", Rcode.NXDOMAIN);      // blocked for the phone too, never recorded

            List<JsonNode> rows = list(candidates(r).get("candidates"));
            assertThat(rows).hasSize(1);
            JsonNode c = rows.get(0);
            assertThat(c.get("domain").asText()).isEqualTo("rebrand-test.net");
            assertThat(c.get("client").asText()).isEqualTo("127.0.0.2");
            JsonNode why = c.get("reason");
            assertThat(why.get("match").asText()).isEqualTo("cname");
            assertThat(why.get("via").asText()).isEqualTo("edge.cloud.trassir.com");
            assertThat(why.get("list").asText()).isEqualTo("trassir");
            assertThat(why.get("entry").asText()).isEqualTo("cloud.trassir.com");
            assertThat(why.get("blocked").asBoolean()).isTrue();
            assertThat(why.get("text").asText())
                    .isEqualTo("CNAME chain video.rebrand-test.net → edge.cloud.trassir.com is in cloud.trassir.com (list trassir)");
            assertThat(c.get("shareable").asBoolean()).isTrue();             // trassir is a bundled list
        }
    }

    @Test
    void theOwnerCanMarkACameraByAddressAndSwitchDiscoveryOff() throws Exception {
        InetAddress marked = InetAddress.getByName("127.0.0.3");
        try (UnboundUpstream up = unbound();
             TestResolver r = TestResolver.start(config("discovery: { cameras: [\"127.0.0.3/32\"] }\n"))) {
            ask(r, marked, "cam.azicloud-test.com.", Rcode.NOERROR);
            JsonNode rows = candidates(r).get("candidates");
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).get("client").asText()).isEqualTo("127.0.0.3");
            assertThat(candidates(r).get("cameras").get(0).get("address").asText()).isEqualTo("127.0.0.3/32");
        }
        try (UnboundUpstream up = unbound();
             TestResolver r = TestResolver.start(config("discovery: { enabled: false, cameras: [\"127.0.0.3\"] }\n"))) {
            ask(r, marked, "cam.azicloud-test.com.", Rcode.NOERROR);
            assertThat(candidates(r).get("candidates")).isEmpty();
            assertThat(get(r, "/")).contains("Discovery is off");
        }
    }

    private UnboundUpstream unbound;
    private final Semaphore told = new Semaphore(0);
    private TestResolver watched;
    private int asked;

    private UnboundUpstream unbound() throws Exception {
        unbound = UnboundUpstream.start(List.of(
                "cam.azicloud-test.com. 300 IN A " + RU_ADDRESS,
                "video.rebrand-test.net. 300 IN CNAME edge.cloud.trassir.com.",
                "edge.cloud.trassir.com. 300 IN A 192.0.2.80",
                "plain.test. 300 IN A 192.0.2.1"), List.of());
        return unbound;
    }

    private String config(String extra) {
        return "upstreams: [\"" + unbound.hostPort() + "\"]\nlists:\n"
                + "  - source: builtin:trassir\n"
                + "  - source: builtin:" + COUNTRY + "\n"
                + extra;
    }

    private Message ask(TestResolver r, InetAddress source, String name, int rcode) throws Exception {
        if (watched != r) {
            watched = r;
            told.drainPermits();
            asked = 0;
            r.resolver().addListener((q, res, ns) -> told.release());
        }
        asked++;
        Message reply = DnsClient.udp(r.udpAddress(), DnsClient.query(name, Type.A), TestResolver.TIMEOUT, source);
        assertThat(reply.getRcode()).as("%s from %s", name, source).isEqualTo(rcode);
        return reply;
    }

    /**
     * {@code /api/candidates}, once every query asked so far has been through the listeners. They run after the
     * answer is sent, in the order they were added, so a listener added last has seen a query only when the
     * candidate table has.
     */
    private JsonNode candidates(TestResolver r) throws Exception {
        assertThat(told.tryAcquire(asked, 10, TimeUnit.SECONDS)).as("listeners told of %d queries", asked).isTrue();
        told.release(asked);
        return json.readTree(get(r, "/api/candidates"));
    }

    private String get(TestResolver r, String path) throws Exception {
        String url = "http://127.0.0.1:" + r.resolver().admin().port() + path;
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(url).isEqualTo(200);
        return res.body();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
