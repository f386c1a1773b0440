package org.camsink.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportCodecTest {
    private static final String INSTALLATION = "zWZgIHyqMab3r61XkaRDlFbMSOgkBMcJhlLGCWc0pJw";
    private final ReportCodec codec = new ReportCodec();
    private final ReportValidator validator = new ReportValidator();

    private static HitReport report(String region, List<ReportHit> hits) {
        return new HitReport(HitReport.SCHEMA, "2e7abed5-658e-430d-8569-80bb0977e471", "2026-11-25", INSTALLATION,
                region, "home", "0.1.0-SNAPSHOT", 4, hits);
    }

    @Test
    void encodesCompactJsonInWireOrder() throws Exception {
        HitReport r = report("UA", List.of(
                new ReportHit("trassir", "cloud.trassir.com", "qname", 7, 2),
                new ReportHit("trassir", "2001:db8::/32", "ip", 1, 1)));
        validator.check(r);
        String json = new String(codec.encode(r), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"schema\":\"camsink.report/1\",\"reportId\":\"2e7abed5-658e-430d-8569-80bb0977e471\","
                + "\"day\":\"2026-11-25\",\"installation\":\"" + INSTALLATION + "\",\"region\":\"UA\",\"kind\":\"home\","
                + "\"version\":\"0.1.0-SNAPSHOT\",\"activeClients\":4,\"hits\":["
                + "{\"list\":\"trassir\",\"entry\":\"cloud.trassir.com\",\"match\":\"qname\",\"queries\":7,\"clients\":2},"
                + "{\"list\":\"trassir\",\"entry\":\"2001:db8::/32\",\"match\":\"ip\",\"queries\":1,\"clients\":1}]}");
        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(r);
        assertThat(r.country()).isEqualTo("UA");
    }

    @Test
    void candidatesAreAnOptionalLastFieldThatOldReportsDoNotHave() throws Exception {
        HitReport old = report("UA", List.of(new ReportHit("trassir", "cloud.trassir.com", "qname", 7, 2)));
        String oldJson = new String(codec.encode(old), StandardCharsets.UTF_8);
        assertThat(oldJson).doesNotContain("candidates").endsWith("]}");
        assertThat(codec.decode(oldJson.getBytes(StandardCharsets.UTF_8)).candidates()).isEmpty();

        HitReport r = new HitReport(old.schema(), old.reportId(), old.day(), old.installation(), old.region(), old.kind(),
                old.version(), old.activeClients(), old.hits(), List.of("example.net", "example.co.uk"));
        validator.check(r);
        String json = new String(codec.encode(r), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo(oldJson.substring(0, oldJson.length() - 1)
                + ",\"candidates\":[\"example.net\",\"example.co.uk\"]}");
        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(r);

        HitReport fullName = new HitReport(old.schema(), old.reportId(), old.day(), old.installation(), old.region(),
                old.kind(), old.version(), old.activeClients(), old.hits(), List.of("abc123.cam.example.net"));
        assertThatThrownBy(() -> validator.check(fullName)).isInstanceOfSatisfying(ReportException.class,
                e -> assertThat(e.getMessage()).isEqualTo("$.candidates[0]: expected a registrable domain (eTLD+1) such as example.com"));
    }

    @Test
    void checkFindsTheSameProblemsInRecordsBuiltInCode() {
        assertThatThrownBy(() -> validator.check(report("UA-30", List.of(
                new ReportHit("xmeye", "xmeye.net", "qname", 3, 1),
                new ReportHit("xmeye", "abc.10.0.0.7.xmeye.net", "qname", 3, 1)))))
                .isInstanceOfSatisfying(ReportException.class, e -> {
                    assertThat(e.path()).isEqualTo("$.hits[1].entry");
                    assertThat(e.reason()).contains("IP address");
                });
        assertThatThrownBy(() -> validator.check(report("UA-30", List.of(
                new ReportHit("xmeye", "xmeye.net", "qname", 3, 1),
                new ReportHit("xmeye", "xmeye.net", "qname", 4, 2)))))
                .isInstanceOfSatisfying(ReportException.class, e -> assertThat(e.path()).isEqualTo("$.hits[1]"));
        assertThatThrownBy(() -> validator.check(report("UA-30", List.of(new ReportHit("xmeye", "xmeye.net", "qname", 0, 1)))))
                .isInstanceOfSatisfying(ReportException.class, e -> assertThat(e.path()).isEqualTo("$.hits[0].queries"));
        assertThatThrownBy(() -> validator.check(report("Kyiv", List.of())))
                .isInstanceOfSatisfying(ReportException.class, e -> assertThat(e.path()).isEqualTo("$.region"));
    }

    @Test
    void errorsOnHugeOrHostileInputAreShortAndEchoNothing() {
        String secret = "x".repeat(ReportCodec.MAX_BYTES + 10);
        assertThatThrownBy(() -> codec.decode(secret.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ReportException.class, e -> assertThat(e.path()).isEqualTo("$"));

        String longName = "\"" + "k".repeat(5000) + "\"";
        byte[] body = ("{" + longName + ":1}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode(body)).isInstanceOfSatisfying(ReportException.class, e -> {
            assertThat(e.getMessage()).hasSizeLessThan(200).doesNotContain("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk");
            assertThat(e.getStackTrace()).isEmpty();
        });

        byte[] garbage = ("{\"schema\": tru" + "e".repeat(3000) + "}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode(garbage)).isInstanceOfSatisfying(ReportException.class, e -> {
            assertThat(e.getMessage()).hasSizeLessThan(200).contains("malformed JSON").doesNotContain("eeeeeeeeee");
            assertThat(e.path()).isEqualTo("$.schema");
        });
    }

    @Test
    void boundsAreInclusive() throws Exception {
        HitReport max = new HitReport(HitReport.SCHEMA, "2e7abed5-658e-430d-8569-80bb0977e471", "2026-11-25", INSTALLATION,
                "UA-30", "isp", "v".repeat(64), ReportValidator.MAX_ACTIVE_CLIENTS, List.of(
                        new ReportHit("a".repeat(63), "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + "."
                                + "e".repeat(61), "cname", ReportValidator.MAX_QUERIES, ReportValidator.MAX_CLIENTS)));
        assertThat(max.hits().get(0).entry()).hasSize(ReportValidator.MAX_DOMAIN_LENGTH);
        validator.check(max);
        assertThat(codec.decode(codec.encode(max))).isEqualTo(max);
    }
}
