package org.camsink.resolver.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Writes the seed packets of the fuzz tests, made with dnsjava: real queries (the shapes dig, kdig and stub
 * resolvers send, for forwarded, blocked and special names) and real responses (answers, CNAME chains, negative
 * answers, referrals, large TXT, poisoned extras), plus a few broken ones (compression loops, truncation, bad OPT
 * records, wrong counts). Run it from the repository root after {@code test-compile} to regenerate the corpus:
 * <pre>
 * java -cp resolver/target/test-classes:$HOME/.m2/repository/dnsjava/dnsjava/3.7.1/dnsjava-3.7.1.jar:$HOME/.m2/repository/org/slf4j/slf4j-api/2.0.7/slf4j-api-2.0.7.jar \
 *     org.camsink.resolver.testing.SeedCorpus resolver/src/test/resources/org/camsink/resolver
 * </pre>
 */
public final class SeedCorpus {
    private SeedCorpus() {}

    public static void main(String[] args) throws IOException {
        Path base = Path.of(args[0]);
        write(base.resolve("server/QueryServiceFuzzTestInputs/anyPacketGetsAWellFormedBoundedAnswerAndTheFastPathsAgree"),
                queries());
        Map<String, byte[]> responses = responses();
        write(base.resolve("cache/WireTtlsFuzzTestInputs/offsetsPointAtTheTtlOfEveryRecord"), responses);
        write(base.resolve("upstream/ResponseSanitizerFuzzTestInputs/sanitizedAnswersAreASubsetThatStaysPut"), responses);
    }

    private static void write(Path dir, Map<String, byte[]> seeds) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }

    static Message query(String name, int type, int payload, boolean dnssecOk, List<EDNSOption> options) {
        Message q = DnsClient.query(name, type);
        q.getHeader().setID(0x1234);
        if (payload > 0) {
            q.addRecord(new OPTRecord(payload, 0, 0, dnssecOk ? ExtendedFlags.DO : 0, options), Section.ADDITIONAL);
        }
        return q;
    }

    static Map<String, byte[]> queries() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        // dig's default: RD, EDNS 1232 with a client cookie; kdig: EDNS without a cookie; a stub without EDNS
        out.put("dig-a", query("plain.test.", Type.A, 1232, false,
                List.of(new CookieOption(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))).toWire());
        out.put("kdig-aaaa-do", query("plain.test.", Type.AAAA, 1232, true, List.of()).toWire());
        out.put("stub-a", query("www.example.test.", Type.A, 0, false, List.of()).toWire());
        out.put("txt-512", query("a.rather.long.name.for.a.big.txt.answer.test.", Type.TXT, 512, false, List.of()).toWire());
        out.put("txt-plain", query("a.rather.long.name.for.a.big.txt.answer.test.", Type.TXT, 0, false, List.of()).toWire());
        out.put("mx", query("mail.test.", Type.MX, 4096, false, List.of()).toWire());
        out.put("alias", query("alias.zone.test.", Type.A, 1232, false, List.of()).toWire());
        out.put("nx", query("nxname.zone.test.", Type.A, 1232, false, List.of()).toWire());
        out.put("any", query("plain.test.", Type.ANY, 1232, false, List.of()).toWire());
        out.put("blocked-mixed-case", query("A.Edge.CLOUD.Trassir.COM.", Type.A, 1232, true,
                List.of(new CookieOption(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}))).toWire());
        out.put("blocked-plain", query("x.cloud.trassir.com.", Type.AAAA, 0, false, List.of()).toWire());
        out.put("blocked-txt", query("x.cloud.trassir.com.", Type.TXT, 1232, false, List.of()).toWire());
        out.put("rpz-nx", query("nx.test.", Type.A, 1232, false, List.of()).toWire());
        out.put("rpz-nodata", query("nodata.test.", Type.A, 1232, false, List.of()).toWire());
        out.put("rpz-drop", query("drop.test.", Type.A, 1232, false, List.of()).toWire());
        out.put("rpz-wild", query("a.wild.test.", Type.A, 0, false, List.of()).toWire());
        out.put("log-only", query("watched.test.", Type.A, 1232, false, List.of()).toWire());
        out.put("allowed", query("ok.cloud.trassir.com.", Type.A, 1232, false, List.of()).toWire());
        out.put("blocked-tld", query("evil.blocked.", Type.A, 1232, false, List.of()).toWire());
        out.put("padding", query("plain.test.", Type.A, 1232, false,
                List.of(new GenericEDNSOption(12, new byte[64]))).toWire());
        out.put("unknown-option", query("plain.test.", Type.A, 1232, false,
                List.of(new GenericEDNSOption(65001, new byte[] {1, 2, 3}))).toWire());
        Message cd = query("plain.test.", Type.A, 1232, false, List.of());
        cd.getHeader().setFlag(Flags.CD);
        cd.getHeader().unsetFlag(Flags.RD);
        out.put("cd-no-rd", cd.toWire());
        out.put("axfr", query("zone.test.", Type.AXFR, 0, false, List.of()).toWire());
        Message notify = query("zone.test.", Type.SOA, 0, false, List.of());
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        out.put("notify", notify.toWire());
        byte[] badVersion = query("plain.test.", Type.A, 1232, false, List.of()).toWire();
        badVersion[badVersion.length - 5] = 1; // OPT version 1
        out.put("edns-version-1", badVersion);
        byte[] badOpt = query("plain.test.", Type.A, 1232, false, List.of()).toWire();
        badOpt[badOpt.length - 1] = 4; // rdlength past the end
        out.put("opt-bad-length", badOpt);
        byte[] twoQuestions = query("plain.test.", Type.A, 0, false, List.of()).toWire();
        twoQuestions[5] = 2;
        out.put("qdcount-2", twoQuestions);
        byte[] loop = Arrays.copyOf(query("plain.test.", Type.A, 0, false, List.of()).toWire(), 18);
        loop[12] = (byte) 0xC0; // the question name points at itself
        loop[13] = 12;
        loop[14] = 0;
        loop[15] = 1;
        loop[16] = 0;
        loop[17] = 1;
        out.put("compression-loop", loop);
        byte[] plain = query("plain.test.", Type.A, 0, false, List.of()).toWire();
        out.put("truncated", Arrays.copyOf(plain, plain.length - 3));
        byte[] response = plain.clone();
        response[2] |= (byte) 0x80;
        out.put("qr-set", response);
        out.put("short", Arrays.copyOf(plain, 11));
        return out;
    }

    static Record a(String name, String address) throws IOException {
        return new ARecord(Name.fromString(name), DClass.IN, 300, InetAddress.getByName(address));
    }

    static Message response(String name, int type) {
        Message m = query(name, type, 0, false, List.of());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RA);
        return m;
    }

    static Map<String, byte[]> responses() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Message a = response("www.example.test.", Type.A);
        a.addRecord(a("www.example.test.", "192.0.2.1"), Section.ANSWER);
        a.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        out.put("answer-a", a.toWire());

        Message chain = response("alias.example.test.", Type.A);
        Name current = Name.fromString("alias.example.test.");
        for (int i = 0; i < 20; i++) {
            Name next = Name.fromString("hop" + i + ".example.test.");
            chain.addRecord(new CNAMERecord(current, DClass.IN, 300, next), Section.ANSWER);
            current = next;
        }
        chain.addRecord(new ARecord(current, DClass.IN, 60, InetAddress.getByName("192.0.2.2")), Section.ANSWER);
        out.put("cname-20-hops", chain.toWire());

        Message nx = response("missing.example.test.", Type.AAAA);
        nx.getHeader().setRcode(Rcode.NXDOMAIN);
        nx.addRecord(new SOARecord(Name.fromString("example.test."), DClass.IN, 900, Name.fromString("ns.example.test."),
                Name.fromString("hostmaster.example.test."), 1, 3600, 600, 86400, 300), Section.AUTHORITY);
        out.put("nxdomain-soa", nx.toWire());

        Message mx = response("example.test.", Type.MX);
        mx.addRecord(new MXRecord(Name.fromString("example.test."), DClass.IN, 300, 10, Name.fromString("mx.example.test.")),
                Section.ANSWER);
        mx.addRecord(new NSRecord(Name.fromString("example.test."), DClass.IN, 300, Name.fromString("ns.example.test.")),
                Section.AUTHORITY);
        mx.addRecord(a("mx.example.test.", "192.0.2.25"), Section.ADDITIONAL);
        mx.addRecord(a("ns.example.test.", "192.0.2.53"), Section.ADDITIONAL);
        mx.addRecord(new AAAARecord(Name.fromString("mx.example.test."), DClass.IN, 300,
                InetAddress.getByName("2001:db8::25")), Section.ADDITIONAL);
        out.put("mx-with-glue", mx.toWire());

        Message poisoned = response("www.victim.test.", Type.A);
        poisoned.addRecord(a("www.victim.test.", "192.0.2.80"), Section.ANSWER);
        poisoned.addRecord(a("bank.test.", "6.6.6.6"), Section.ANSWER);
        poisoned.addRecord(new NSRecord(Name.fromString("test."), DClass.IN, 300, Name.fromString("ns.evil.test.")),
                Section.AUTHORITY);
        poisoned.addRecord(a("bank.test.", "6.6.6.7"), Section.ADDITIONAL);
        out.put("poisoned-extras", poisoned.toWire());

        Message txt = response("big.example.test.", Type.TXT);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            strings.add("t".repeat(255));
        }
        txt.addRecord(new TXTRecord(Name.fromString("big.example.test."), DClass.IN, 300, strings), Section.ANSWER);
        out.put("txt-2k", txt.toWire());

        Message tc = response("www.example.test.", Type.A);
        tc.getHeader().setFlag(Flags.TC);
        out.put("truncated-flag", tc.toWire());

        byte[] cut = a.toWire();
        out.put("cut-short", Arrays.copyOf(cut, cut.length - 9));

        byte[] loop = a.toWire();
        // the answer's owner is a pointer to offset 12; point it at itself instead
        int owner = 12 + Name.fromString("www.example.test.").length() + 4;
        loop[owner] = (byte) 0xC0;
        loop[owner + 1] = (byte) owner;
        out.put("compression-loop", loop);

        byte[] counts = a.toWire();
        counts[7] = 9; // ANCOUNT 9, one record present
        out.put("count-too-high", counts);
        return out;
    }
}
