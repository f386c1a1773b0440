package org.camsink.resolver.upstream;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.camsink.resolver.pipeline.Next;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.status.UpstreamStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The end of the chain: sends the question to the upstreams and returns their (sanitized) answer.
 *
 * <p>Each attempt builds a fresh query with a random ID; only the question, RD, CD and the DO bit are taken
 * from the client. Healthy upstreams are tried first, in configured order, then the unhealthy ones;
 * {@code upstream.attempts} bounds the number of tries. Any rcode but NOERROR and NXDOMAIN from an upstream
 * (SERVFAIL, REFUSED, and FORMERR or NOTIMP for the query we built, which is the upstream's problem, not the
 * client's) counts as a failure so the next one gets a chance; when every attempt fails the client gets
 * SERVFAIL (and the cache may answer stale).
 */
public final class Forwarder implements Next {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    /** What we advertise to upstreams: large enough for DNSSEC answers, small enough to avoid fragmentation. */
    static final int UPSTREAM_PAYLOAD = 1232;

    private final List<UpstreamHealth> upstreams;
    private final Duration timeout;
    private final int attempts;
    private final QueryIds ids = new QueryIds();

    public Forwarder(List<? extends Upstream> upstreams, Duration timeout, int attempts) {
        this.upstreams = upstreams.stream().map(UpstreamHealth::new).toList();
        this.timeout = timeout;
        this.attempts = attempts;
    }

    @Override
    public Resolution resolve(Query query) {
        List<UpstreamHealth> order = order();
        String lastProblem = "no upstream";
        for (int i = 0; i < attempts; i++) {
            UpstreamHealth target = order.get(i % order.size());
            Message request = upstreamQuery(query);
            long start = System.nanoTime();
            try {
                Message reply = target.upstream().exchange(request, timeout);
                int rcode = reply.getRcode();
                if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                    target.failure();
                    lastProblem = target.upstream().address() + " answered " + Rcode.string(rcode);
                    continue;
                }
                target.success(System.nanoTime() - start);
                return Resolution.of(ResponseSanitizer.sanitize(query.request().getQuestion(), reply),
                        ResolutionKind.RESOLVED, "upstream " + target.upstream().address());
            } catch (IOException | RuntimeException e) {
                target.failure();
                lastProblem = target.upstream().address() + ": " + e;
                LOG.debug("upstream {} failed for {}: {}", target.upstream().address(), query.name(), e.toString());
            }
        }
        return Resolution.of(servfail(query), ResolutionKind.FAILED, lastProblem);
    }

    /** Healthy upstreams first, each group in configured order; the configured list itself when all are healthy. */
    private List<UpstreamHealth> order() {
        boolean allHealthy = true;
        for (UpstreamHealth u : upstreams) {
            allHealthy &= u.healthy();
        }
        if (allHealthy) {
            return upstreams;
        }
        List<UpstreamHealth> out = new ArrayList<>(upstreams.size());
        for (UpstreamHealth u : upstreams) {
            if (u.healthy()) {
                out.add(u);
            }
        }
        for (UpstreamHealth u : upstreams) {
            if (!u.healthy()) {
                out.add(u);
            }
        }
        return out;
    }

    private Message upstreamQuery(Query query) {
        Message client = query.request();
        Message m = new Message(ids.next());
        m.getHeader().setFlag(Flags.RD);
        if (client.getHeader().getFlag(Flags.CD)) {
            m.getHeader().setFlag(Flags.CD);
        }
        m.addRecord(client.getQuestion(), Section.QUESTION);
        m.addRecord(new OPTRecord(UPSTREAM_PAYLOAD, 0, 0, query.dnssecOk() ? Flags.DO : 0), Section.ADDITIONAL);
        return m;
    }

    private static Message servfail(Query query) {
        Message m = new Message(query.request().getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(Rcode.SERVFAIL);
        Record question = query.request().getQuestion();
        if (question != null) {
            m.addRecord(question, Section.QUESTION);
        }
        return m;
    }

    public List<UpstreamStatus> status() {
        return upstreams.stream().map(UpstreamHealth::status).toList();
    }
}
