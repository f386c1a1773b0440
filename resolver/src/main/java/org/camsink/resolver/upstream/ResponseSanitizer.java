package org.camsink.resolver.upstream;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Strips an upstream answer down to what the question asked for, before anything caches or serves it
 * (the CVE-2024-25638 class of bug: a poisoned upstream, or an on-path attacker, slipping an unrelated
 * record into an otherwise valid answer).
 *
 * <ul>
 *   <li>A CNAME chain that loops or runs past {@link #MAX_CHAIN} links, or an extended rcode (carried in the OPT
 *       record, which is not kept): SERVFAIL, nothing kept.</li>
 *   <li>Answer: only records on the CNAME/DNAME chain that starts at the query name, and of those only the
 *       chain links themselves, records of the asked type (any type for ANY) and their signatures.</li>
 *   <li>Authority: only SOA, NS and DS records at a zone that contains the end of the chain, plus NSEC/NSEC3
 *       and signatures inside such a zone (what negative answers and DNSSEC need).</li>
 *   <li>Additional: only addresses of names that a kept NS, MX or SRV record points to, inside the zone when
 *       the zone is known. OPT is dropped here; the server adds its own.</li>
 * </ul>
 * The result is a new message; the input is not changed.
 */
public final class ResponseSanitizer {
    /**
     * A CNAME chain longer than this, or one that loops, is broken: the answer becomes SERVFAIL with no records
     * (which is never cached), as BIND and Unbound answer when a chain exceeds their restart limit.
     */
    static final int MAX_CHAIN = 16;

    private ResponseSanitizer() {}

    public static Message sanitize(Record question, Message reply) {
        Name qname = question.getName();
        int qtype = question.getType();
        List<Record> answers = reply.getSection(Section.ANSWER);

        Set<Name> chain = new HashSet<>();
        Name current = qname;
        chain.add(current);
        boolean broken = false;
        for (int i = 0; ; i++) {
            Name target = null;
            for (Record r : answers) {
                if (r instanceof CNAMERecord c && c.getName().equals(current)) {
                    target = c.getTarget();
                    break;
                }
            }
            if (target == null) {
                break;
            }
            if (i == MAX_CHAIN || !chain.add(target)) {
                broken = true;
                break;
            }
            current = target;
        }
        Name end = current;

        Message out = new Message(reply.getHeader().getID());
        copyHeader(reply, out);
        out.addRecord(question, Section.QUESTION);
        if (broken || reply.getRcode() > 0xF) {
            // an extended rcode (BADVERS, BADCOOKIE) lives in the OPT record, which is dropped here: kept as its
            // low four bits it would read as NOERROR
            out.getHeader().setRcode(Rcode.SERVFAIL);
            return out;
        }
        Set<Name> referenced = new HashSet<>();
        for (Record r : answers) {
            if (keepAnswer(r, chain, qtype)) {
                out.addRecord(r, Section.ANSWER);
                referenced(r, referenced);
            }
        }
        Set<Name> zones = new HashSet<>();
        for (Record r : reply.getSection(Section.AUTHORITY)) {
            int t = r.getType();
            if ((t == Type.SOA || t == Type.NS || t == Type.DS) && end.subdomain(r.getName())) {
                zones.add(r.getName());
            }
        }
        for (Record r : reply.getSection(Section.AUTHORITY)) {
            if (keepAuthority(r, zones)) {
                out.addRecord(r, Section.AUTHORITY);
                referenced(r, referenced);
            }
        }
        for (Record r : reply.getSection(Section.ADDITIONAL)) {
            int t = r.getType();
            boolean address = t == Type.A || t == Type.AAAA
                    || r instanceof RRSIGRecord s && (s.getTypeCovered() == Type.A || s.getTypeCovered() == Type.AAAA);
            if (address && referenced.contains(r.getName()) && (zones.isEmpty() || inAny(r.getName(), zones))) {
                out.addRecord(r, Section.ADDITIONAL);
            }
        }
        return out;
    }

    private static void copyHeader(Message from, Message to) {
        to.getHeader().setRcode(from.getHeader().getRcode());
        to.getHeader().setOpcode(from.getHeader().getOpcode());
        for (int flag : new int[] {Flags.QR, Flags.RD, Flags.RA, Flags.AD, Flags.CD}) {
            if (from.getHeader().getFlag(flag)) {
                to.getHeader().setFlag(flag);
            }
        }
    }

    private static boolean keepAnswer(Record r, Set<Name> chain, int qtype) {
        int type = r.getType();
        if (r instanceof DNAMERecord d) {
            for (Name n : chain) {
                if (n.subdomain(d.getName()) && !n.equals(d.getName())) {
                    return true;
                }
            }
            return false;
        }
        if (!chain.contains(r.getName())) {
            return false;
        }
        if (type == Type.CNAME || qtype == Type.ANY || type == qtype) {
            return true;
        }
        if (r instanceof RRSIGRecord s) {
            int covered = s.getTypeCovered();
            return covered == Type.CNAME || covered == Type.DNAME || covered == qtype || qtype == Type.ANY;
        }
        return false;
    }

    private static boolean keepAuthority(Record r, Set<Name> zones) {
        return switch (r.getType()) {
            case Type.SOA, Type.NS, Type.DS -> zones.contains(r.getName());
            case Type.NSEC, Type.NSEC3, Type.RRSIG -> inAny(r.getName(), zones);
            default -> false;
        };
    }

    private static boolean inAny(Name name, Set<Name> zones) {
        for (Name z : zones) {
            if (name.subdomain(z)) {
                return true;
            }
        }
        return false;
    }

    private static void referenced(Record r, Set<Name> into) {
        if (r instanceof NSRecord ns) {
            into.add(ns.getTarget());
        } else if (r instanceof MXRecord mx) {
            into.add(mx.getTarget());
        } else if (r instanceof SRVRecord srv) {
            into.add(srv.getTarget());
        }
    }
}
