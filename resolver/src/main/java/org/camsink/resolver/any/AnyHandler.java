package org.camsink.resolver.any;

import org.camsink.resolver.pipeline.Next;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.QueryHandler;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.xbill.DNS.DClass;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers ANY (type 255) with the synthesized record of RFC 8482 section 4.2: one HINFO with CPU "RFC8482" and an
 * empty OS, and never forwards it. An ANY answer from an upstream can be many kilobytes for a query of a few
 * dozen bytes, which is what makes ANY the favourite of reflection attacks; this answer is smaller than the
 * query's name twice over. Other types pass on.
 */
public final class AnyHandler implements QueryHandler {
    /** RFC 8482 leaves the TTL to local policy; an hour keeps a client from asking again and again. */
    static final long TTL = 3600;

    @Override
    public Resolution handle(Query query, Next next) {
        if (query.request().getQuestion().getType() != Type.ANY) {
            return next.resolve(query);
        }
        Name name = query.request().getQuestion().getName();
        Message m = new Message(query.request().getHeader().getID());
        m.addRecord(query.request().getQuestion(), Section.QUESTION);
        m.addRecord(new HINFORecord(name, DClass.IN, TTL, "RFC8482", ""), Section.ANSWER);
        return Resolution.of(m, ResolutionKind.LOCAL, "ANY answered per RFC 8482");
    }
}
