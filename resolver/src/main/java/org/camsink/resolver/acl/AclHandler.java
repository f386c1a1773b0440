package org.camsink.resolver.acl;

import org.camsink.resolver.pipeline.Next;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.QueryHandler;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** Answers REFUSED to clients that {@link ClientAcl} does not allow; passes everyone else on. */
public final class AclHandler implements QueryHandler {
    private final ClientAcl acl;

    public AclHandler(ClientAcl acl) {
        this.acl = acl;
    }

    @Override
    public Resolution handle(Query query, Next next) {
        if (acl.allowed(query.client())) {
            return next.resolve(query);
        }
        return Resolution.of(refused(query), ResolutionKind.REFUSED, "client not allowed");
    }

    static Message refused(Query query) {
        Message m = new Message(query.request().getHeader().getID());
        m.getHeader().setRcode(Rcode.REFUSED);
        m.addRecord(query.request().getQuestion(), Section.QUESTION);
        return m;
    }
}
