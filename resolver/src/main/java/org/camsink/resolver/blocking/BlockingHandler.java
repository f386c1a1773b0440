package org.camsink.resolver.blocking;

import java.util.function.Supplier;
import org.camsink.resolver.config.Config.Blocking;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.pipeline.Next;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.QueryHandler;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The blocking link of the chain.
 * <ol>
 *   <li>An exception ({@code allow:}, {@code @@||name^}, rpz-passthru) for the query name: pass through untouched.</li>
 *   <li>The query name matches a {@code block} list: answer per {@link BlockResponder} without asking upstream
 *       ({@link ResolutionKind#BLOCKED}, reason {@code list:entry}), or drop it for rpz-drop
 *       ({@link ResolutionKind#DROPPED}).</li>
 *   <li>Otherwise resolve, then inspect the answer (unless {@code blocking.inspectAnswers: false}): a CNAME or
 *       DNAME target anywhere in the chain that matches a domain rule, or an A/AAAA inside a blocked range,
 *       blocks the whole answer. This catches rebranded names that point at the same infrastructure.</li>
 *   <li>A match on a {@code log} list answers normally and records the hit.</li>
 * </ol>
 * Every match becomes {@link Resolution#hit()}: the list, the entry that matched (never the full query name),
 * the kind of match, the client, and whether it was blocked.
 */
public final class BlockingHandler implements QueryHandler {
    private final Supplier<BlockingSnapshot> lists;
    private final Blocking settings;
    private final BlockResponder responder;

    /**
     * @param lists       the snapshot in force, read once per query (normally {@link ListManager#snapshot})
     * @param settings    {@code blocking:}
     * @param ednsPayload the EDNS payload size advertised on blocked answers ({@code server.ednsPayload})
     */
    public BlockingHandler(Supplier<BlockingSnapshot> lists, Blocking settings, int ednsPayload) {
        this.lists = lists;
        this.settings = settings;
        this.responder = new BlockResponder(settings, ednsPayload);
    }

    @Override
    public String name() {
        return "BlockingHandler";
    }

    @Override
    public Resolution handle(Query query, Next next) {
        BlockingSnapshot s = lists.get();
        if (s.isEmpty()) {
            return next.resolve(query);
        }
        Name qname = query.name();
        byte[] wire = qname.toWire();
        if (s.allowed(wire)) {
            return next.resolve(query);
        }
        ListMatch byName = s.match(qname, wire, MatchKind.QNAME);
        if (byName != null && byName.block()) {
            return blocked(query, byName);
        }
        Resolution r = next.resolve(query);
        ListMatch inAnswer = settings.inspectAnswers() ? inspect(s, r.response()) : null;
        if (inAnswer != null && inAnswer.block()) {
            return blocked(query, inAnswer, byName == null);
        }
        ListMatch logged = byName != null ? byName : inAnswer;
        if (logged == null || r.hit() != null) {
            return r;
        }
        return r.withHit(new Hit(logged.list(), logged.entry(), logged.kind(), query.client(), false,
                byName == null ? logged.via() : null));
    }

    private Resolution blocked(Query query, ListMatch m) {
        return blocked(query, m, false);
    }

    /** {@code unlisted}: the query name itself matches no list, so the hit carries what matched in the answer. */
    private Resolution blocked(Query query, ListMatch m, boolean unlisted) {
        Hit hit = new Hit(m.list(), m.entry(), m.kind(), query.client(), true, unlisted ? m.via() : null);
        if (m.policy() == Policy.DROP) {
            return new Resolution(null, ResolutionKind.DROPPED, m.reason(), hit);
        }
        return new Resolution(responder.answer(query.request(), m), ResolutionKind.BLOCKED, m.reason(), hit);
    }

    /**
     * The first block match in the answer section, else the first log match, else null. CNAME and DNAME targets
     * are checked against domain rules (unless {@code allow:} or the list's own exceptions cover them), A and AAAA
     * addresses against ranges.
     */
    static ListMatch inspect(BlockingSnapshot s, Message response) {
        if (response == null || response.getRcode() != Rcode.NOERROR
                || response.getHeader().getCount(Section.ANSWER) == 0) {
            return null;
        }
        ListMatch logged = null;
        for (Record rec : response.getSection(Section.ANSWER)) {
            ListMatch m = null;
            if (rec instanceof CNAMERecord c) {
                m = target(s, c.getTarget());
            } else if (rec instanceof DNAMERecord d) {
                m = target(s, d.getTarget());
            } else if (s.hasRanges() && (rec instanceof ARecord || rec instanceof AAAARecord)) {
                // The rdata of A/AAAA is the 4 or 16 address bytes. getAddress() would build an InetAddress
                // and render the owner name as text for every record of every answer, cached ones included.
                m = address(s, rec.rdataToWireCanonical());
            }
            if (m != null) {
                m = m.via(via(rec));
                if (m.block()) {
                    return m;
                }
                if (logged == null) {
                    logged = m;
                }
            }
        }
        return logged;
    }

    /** The CNAME or DNAME target, or the address, that matched: only built once a record matched. */
    private static String via(Record rec) {
        if (rec instanceof CNAMERecord c) {
            return c.getTarget().toString(true).toLowerCase(java.util.Locale.ROOT);
        }
        if (rec instanceof DNAMERecord d) {
            return d.getTarget().toString(true).toLowerCase(java.util.Locale.ROOT);
        }
        return rec.rdataToString();
    }

    private static ListMatch target(BlockingSnapshot s, Name target) {
        byte[] wire = target.toWire();
        return s.allowed(wire) ? null : s.match(target, wire, MatchKind.CNAME);
    }

    private static ListMatch address(BlockingSnapshot s, byte[] addr) {
        return s.matchAddress(addr);
    }
}
