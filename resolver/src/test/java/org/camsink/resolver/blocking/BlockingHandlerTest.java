package org.camsink.resolver.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.camsink.resolver.blocking.format.ListContent;
import org.camsink.resolver.blocking.format.ListFormats;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.Config.BlockMode;
import org.camsink.resolver.config.Config.ListAction;
import org.camsink.resolver.config.Config.ListFormat;
import org.camsink.resolver.config.Config.ListSource;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.pipeline.Next;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.pipeline.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The blocking link on its own: real dnsjava messages in, and a {@code Next} that answers like an upstream
 * (it builds the response a recursive server would send for the test names).
 */
class BlockingHandlerTest {
    static final InetAddress CLIENT = address("192.168.1.20");

    static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An upstream stand-in: counts calls and answers from a small zone of records. */
    static final class FakeUpstream implements Next {
        final AtomicInteger calls = new AtomicInteger();
        final List<Record> zone = new ArrayList<>();

        FakeUpstream add(String rr) {
            try {
                Record r = Record.fromString(Name.root, Type.value(rr.split(" ")[1]), DClass.IN, 300,
                        rr.substring(rr.indexOf(' ', rr.indexOf(' ') + 1) + 1), Name.root);
                zone.add(Record.newRecord(Name.fromString(rr.split(" ")[0]), r.getType(), DClass.IN, 300, r.rdataToWireCanonical()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        @Override
        public Resolution resolve(Query query) {
            calls.incrementAndGet();
            Message r = new Message(query.request().getHeader().getID());
            r.getHeader().setFlag(Flags.QR);
            r.addRecord(query.request().getQuestion(), Section.QUESTION);
            Name name = query.name();
            for (int hops = 0; hops < 8; hops++) {
                Name next = null;
                for (Record rec : zone) {
                    if (rec.getName().equals(name) && (rec.getType() == query.type() || rec.getType() == Type.CNAME)) {
                        r.addRecord(rec, Section.ANSWER);
                        if (rec instanceof CNAMERecord c) {
                            next = c.getTarget();
                        }
                    }
                }
                if (next == null) {
                    break;
                }
                name = next;
            }
            return Resolution.of(r, ResolutionKind.RESOLVED, "upstream");
        }
    }

    static Config.Blocking settings(BlockMode mode) {
        return new Config.Blocking(mode, address("192.0.2.99"), address("2001:db8::99"), 42, true);
    }

    static LoadedList list(String id, ListAction action, ListFormat format, String text) {
        ListContent content = ListFormats.parse(format, text.getBytes(StandardCharsets.UTF_8), id);
        return new LoadedList(new ListSource("/lists/" + id, id, action, format, null, null), action, content,
                Instant.now(), null);
    }

    static Query query(String name, int type, boolean edns) {
        Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        if (edns) {
            m.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
        }
        return new Query(m, CLIENT, Transport.UDP, edns ? 1232 : 512, false, System.nanoTime());
    }

    static String ede(Message m) {
        OPTRecord opt = m.getOPT();
        if (opt == null) {
            return null;
        }
        for (EDNSOption o : opt.getOptions()) {
            if (o instanceof ExtendedErrorCodeOption e) {
                assertThat(e.getErrorCode()).isEqualTo(ExtendedErrorCodeOption.BLOCKED);
                return e.getText();
            }
        }
        return null;
    }

    final FakeUpstream upstream = new FakeUpstream()
            .add("plain.test. A 192.0.2.1")
            .add("alias.test. CNAME hop.test.")
            .add("hop.test. CNAME edge.cloud.trassir.com.")
            .add("edge.cloud.trassir.com. A 192.0.2.7")
            .add("rebrand.test. A 203.0.113.5")
            .add("rebrand6.test. AAAA 2001:db8:bad::5")
            .add("ok.cloud.trassir.com. A 192.0.2.8")
            .add("watched.test. A 192.0.2.9");

    BlockingSnapshot snapshot = new BlockingSnapshot(List.of(
            list("trassir", ListAction.BLOCK, ListFormat.ADBLOCK, "||cloud.trassir.com^\n@@||ok.cloud.trassir.com^\n"),
            list("ranges", ListAction.BLOCK, ListFormat.CIDR, "203.0.113.0/24\n2001:db8:bad::/48\n"),
            list("audit", ListAction.LOG, ListFormat.DOMAINS, "watched.test\n"),
            list("feed", ListAction.BLOCK, ListFormat.RPZ, "nx.test CNAME .\nnodata.test CNAME *.\ndrop.test CNAME rpz-drop.\n")),
            DomainSet.builder().add("allowed.cloud.trassir.com").build());

    BlockingHandler handler(BlockMode mode) {
        return new BlockingHandler(() -> snapshot, settings(mode), 1232);
    }

    @Test
    void blockedSubdomainInMixedCaseIsAnsweredLocallyWithEde15AndAHit() {
        Resolution r = handler(BlockMode.NXDOMAIN).handle(query("A.Edge.CLOUD.Trassir.com.", Type.A, true), upstream);
        assertThat(upstream.calls).hasValue(0);
        assertThat(r.kind()).isEqualTo(ResolutionKind.BLOCKED);
        assertThat(r.reason()).isEqualTo("trassir:cloud.trassir.com");
        assertThat(r.response().getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ede(r.response())).isEqualTo("blocked by camsink list trassir (cloud.trassir.com)");
        SOARecord soa = (SOARecord) r.response().getSection(Section.AUTHORITY).getFirst();
        assertThat(soa.getTTL()).isEqualTo(42);
        assertThat(soa.getMinimum()).isEqualTo(42);
        assertThat(r.hit()).isEqualTo(new Hit("trassir", "cloud.trassir.com", MatchKind.QNAME, CLIENT, true));
    }

    @ParameterizedTest
    @EnumSource(BlockMode.class)
    void everyModeAnswersAsDocumentedAndCarriesEde15(BlockMode mode) {
        Message a = handler(mode).handle(query("x.cloud.trassir.com.", Type.A, true), upstream).response();
        Message aaaa = handler(mode).handle(query("x.cloud.trassir.com.", Type.AAAA, true), upstream).response();
        Message txt = handler(mode).handle(query("x.cloud.trassir.com.", Type.TXT, true), upstream).response();
        for (Message m : List.of(a, aaaa, txt)) {
            assertThat(ede(m)).isEqualTo("blocked by camsink list trassir (cloud.trassir.com)");
            assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
            assertThat(m.getQuestion().getName()).isEqualTo(Name.fromConstantString("x.cloud.trassir.com."));
        }
        switch (mode) {
            case NXDOMAIN -> assertThat(List.of(a.getRcode(), aaaa.getRcode(), txt.getRcode())).containsOnly(Rcode.NXDOMAIN);
            case REFUSED -> assertThat(List.of(a.getRcode(), aaaa.getRcode(), txt.getRcode())).containsOnly(Rcode.REFUSED);
            case NODATA -> {
                assertThat(List.of(a.getRcode(), aaaa.getRcode(), txt.getRcode())).containsOnly(Rcode.NOERROR);
                assertThat(a.getSection(Section.ANSWER)).isEmpty();
                assertThat(a.getSection(Section.AUTHORITY)).hasOnlyElementsOfType(SOARecord.class);
            }
            case NULL -> {
                assertThat(((ARecord) a.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress()).isEqualTo("0.0.0.0");
                assertThat(((AAAARecord) aaaa.getSection(Section.ANSWER).getFirst()).getAddress()).isEqualTo(address("::"));
                assertThat(a.getSection(Section.ANSWER).getFirst().getTTL()).isEqualTo(42);
                assertThat(txt.getSection(Section.ANSWER)).isEmpty();
                assertThat(txt.getRcode()).isEqualTo(Rcode.NOERROR);
            }
            case IP -> {
                assertThat(((ARecord) a.getSection(Section.ANSWER).getFirst()).getAddress()).isEqualTo(address("192.0.2.99"));
                assertThat(((AAAARecord) aaaa.getSection(Section.ANSWER).getFirst()).getAddress()).isEqualTo(address("2001:db8::99"));
                assertThat(txt.getSection(Section.ANSWER)).isEmpty();
            }
        }
        assertThat(upstream.calls).hasValue(0);
    }

    @Test
    void withoutEdnsThereIsNoOptRecord() {
        Message m = handler(BlockMode.NXDOMAIN).handle(query("cloud.trassir.com.", Type.A, false), upstream).response();
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(m.getOPT()).isNull();
    }

    @Test
    void ipModeWithoutAnIpv6AddressAnswersNodataForAaaa() {
        Config.Blocking onlyV4 = new Config.Blocking(BlockMode.IP, address("192.0.2.99"), null, 60, true);
        Message m = new BlockingHandler(() -> snapshot, onlyV4, 1232)
                .handle(query("cloud.trassir.com.", Type.AAAA, true), upstream).response();
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void cnameChainIntoABlockedDomainIsBlocked() {
        Resolution r = handler(BlockMode.NXDOMAIN).handle(query("alias.test.", Type.A, true), upstream);
        assertThat(upstream.calls).hasValue(1);
        assertThat(r.kind()).isEqualTo(ResolutionKind.BLOCKED);
        assertThat(r.response().getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(r.response().getSection(Section.ANSWER)).isEmpty();
        // the hit says which target of the chain matched, since the query name itself is on no list
        assertThat(r.hit()).isEqualTo(new Hit("trassir", "cloud.trassir.com", MatchKind.CNAME, CLIENT, true,
                "edge.cloud.trassir.com"));
        assertThat(ede(r.response())).isEqualTo("blocked by camsink list trassir (CNAME target in cloud.trassir.com)");
    }

    @Test
    void answerAddressesInBlockedRangesAreBlockedForBothFamilies() {
        Resolution v4 = handler(BlockMode.NULL).handle(query("rebrand.test.", Type.A, true), upstream);
        assertThat(v4.kind()).isEqualTo(ResolutionKind.BLOCKED);
        assertThat(v4.hit()).isEqualTo(new Hit("ranges", "203.0.113.0/24", MatchKind.IP, CLIENT, true, "203.0.113.5"));
        assertThat(((ARecord) v4.response().getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress())
                .isEqualTo("0.0.0.0");
        Resolution v6 = handler(BlockMode.NXDOMAIN).handle(query("rebrand6.test.", Type.AAAA, true), upstream);
        assertThat(v6.kind()).isEqualTo(ResolutionKind.BLOCKED);
        assertThat(v6.hit().entry()).isEqualTo("2001:db8:bad:0:0:0:0:0/48");
        assertThat(v6.hit().via()).isEqualTo("2001:db8:bad:0:0:0:0:5");
        assertThat(v6.reason()).isEqualTo("ranges:2001:db8:bad:0:0:0:0:0/48");
    }

    @Test
    void exceptionsBeatEveryList() {
        Resolution allowed = handler(BlockMode.NXDOMAIN).handle(query("x.allowed.cloud.trassir.com.", Type.A, true), upstream);
        assertThat(allowed.kind()).isEqualTo(ResolutionKind.RESOLVED);
        assertThat(allowed.hit()).isNull();
        Resolution adblockException = handler(BlockMode.NXDOMAIN).handle(query("ok.cloud.trassir.com.", Type.A, true), upstream);
        assertThat(adblockException.kind()).isEqualTo(ResolutionKind.RESOLVED);
        assertThat(adblockException.response().getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void logListsAnswerNormallyAndRecordTheHit() {
        Resolution r = handler(BlockMode.NXDOMAIN).handle(query("Watched.test.", Type.A, true), upstream);
        assertThat(r.kind()).isEqualTo(ResolutionKind.RESOLVED);
        assertThat(r.response().getSection(Section.ANSWER)).hasSize(1);
        assertThat(r.hit()).isEqualTo(new Hit("audit", "watched.test", MatchKind.QNAME, CLIENT, false));
    }

    @Test
    void rpzPoliciesOverrideTheModeAndDropGivesNoAnswer() {
        BlockingHandler h = handler(BlockMode.NULL);
        assertThat(h.handle(query("nx.test.", Type.A, true), upstream).response().getRcode()).isEqualTo(Rcode.NXDOMAIN);
        Message nodata = h.handle(query("nodata.test.", Type.A, true), upstream).response();
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
        Resolution drop = h.handle(query("drop.test.", Type.A, true), upstream);
        assertThat(drop.kind()).isEqualTo(ResolutionKind.DROPPED);
        assertThat(drop.response()).isNull();
        assertThat(drop.hit().blocked()).isTrue();
        assertThat(h.handle(query("sub.nx.test.", Type.A, true), upstream).kind()).isEqualTo(ResolutionKind.RESOLVED);
    }

    @Test
    void unlistedNamesPassThroughUntouched() {
        Resolution r = handler(BlockMode.NXDOMAIN).handle(query("plain.test.", Type.A, true), upstream);
        assertThat(r.kind()).isEqualTo(ResolutionKind.RESOLVED);
        assertThat(r.hit()).isNull();
        assertThat(upstream.calls).hasValue(1);
    }

    @Test
    void answerInspectionCanBeSwitchedOff() {
        Config.Blocking off = new Config.Blocking(BlockMode.NXDOMAIN, null, null, 60, false);
        Resolution r = new BlockingHandler(() -> snapshot, off, 1232).handle(query("alias.test.", Type.A, true), upstream);
        assertThat(r.kind()).isEqualTo(ResolutionKind.RESOLVED);
    }
}
