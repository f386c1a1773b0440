package org.camsink.resolver.app;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.camsink.resolver.acl.AclHandler;
import org.camsink.resolver.acl.ClientAcl;
import org.camsink.resolver.acl.RateLimitHandler;
import org.camsink.resolver.any.AnyHandler;
import org.camsink.resolver.acl.RateLimiter;
import org.camsink.resolver.acl.ResponseRateLimiter;
import org.camsink.resolver.blocking.BlockingHandler;
import org.camsink.resolver.blocking.ListManager;
import org.camsink.resolver.blocking.WireBlockResponder;
import org.camsink.resolver.cache.AnswerCache;
import org.camsink.resolver.cache.CacheHandler;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.net.Cidr;
import org.camsink.resolver.net.HostPort;
import org.camsink.resolver.pipeline.Pipeline;
import org.camsink.resolver.pipeline.QueryHandler;
import org.camsink.resolver.upstream.Forwarder;
import org.camsink.resolver.upstream.PlainDnsUpstream;
import org.camsink.resolver.server.AnswerGate;
import org.camsink.resolver.server.BlockWriter;
import org.camsink.resolver.upstream.Upstream;

/**
 * Everything one configuration needs to answer queries: the parts and the pipeline built from them. A reload
 * builds a new Engine (reusing the cache and rate-limit buckets when their settings did not change) and
 * swaps it in; the old one keeps serving the queries already inside it.
 */
final class Engine implements AutoCloseable, AnswerGate {
    private final Config config;
    private final ClientAcl acl;
    private final AnswerCache cache;
    private final RateLimiter limiter;
    private final ResponseRateLimiter rrl;
    private final Forwarder forwarder;
    private final ListManager lists;
    private final Pipeline pipeline;
    private final ExecutorService background;

    private Engine(Config config, AnswerCache cache, RateLimiter limiter, ResponseRateLimiter rrl, Forwarder forwarder,
                   ListManager lists, ExecutorService background) {
        this.config = config;
        this.lists = lists;
        this.cache = cache;
        this.limiter = limiter;
        this.rrl = rrl;
        this.forwarder = forwarder;
        this.background = background;
        this.acl = new ClientAcl(config.clients());
        this.pipeline = chain(new AclHandler(acl), new RateLimitHandler(limiter),
                blocking(config, lists), new AnyHandler(), new CacheHandler(cache, background), forwarder);
    }

    /**
     * The order of the chain, in one place. Each link sits where it does for a reason:
     * <ol>
     *   <li>{@link AclHandler} first: a client we do not serve gets REFUSED before it costs anything, and it never
     *       creates rate-limit buckets, touches the cache or shows up in list hits.</li>
     *   <li>{@link RateLimitHandler} next: it protects everything behind it, the cache included, from one noisy
     *       network; it comes after the ACL so strangers cannot fill its bucket table.</li>
     *   <li>Blocking before the cache: a list change applies at once even to names already cached, a blocked
     *       name never reaches the cache or an upstream, and answer inspection (CNAME targets, answer
     *       addresses) sees every answer on its way back, whether it came from the cache or an upstream.</li>
     *   <li>{@link AnyHandler} after blocking: a blocked name asked with ANY still gets the blocked answer and
     *       counts as a hit; any other ANY is answered here with the RFC 8482 record and never costs a cache
     *       entry or an upstream query.</li>
     *   <li>{@link CacheHandler} just before the upstreams: it stores only real upstream answers (never blocked
     *       or refused ones) and answers stale when the upstreams fail.</li>
     *   <li>{@link Forwarder} at the end: it is the only link that talks to the network.</li>
     * </ol>
     */
    static Pipeline chain(QueryHandler acl, QueryHandler rateLimit, List<QueryHandler> blocking, QueryHandler any,
                          QueryHandler cache, Forwarder forwarder) {
        List<QueryHandler> links = new ArrayList<>();
        links.add(acl);
        links.add(rateLimit);
        links.addAll(blocking);
        links.add(any);
        links.add(cache);
        return new Pipeline(links, forwarder);
    }

    /**
     * The blocking link for this configuration. It reads the list manager's current snapshot once per query, so
     * list reloads apply without rebuilding the pipeline.
     */
    /** Reads every list again now, fetching URL lists even when their refresh is not due (SIGHUP). */
    void refreshLists() {
        lists.reloadAll();
    }

    static List<QueryHandler> blocking(Config config, ListManager lists) {
        return List.of(new BlockingHandler(lists::snapshot, config.blocking(), config.server().ednsPayload()));
    }

    /**
     * The list manager survives reloads: unchanged lists keep their loaded sets, new or changed ones load now,
     * and its background thread goes on watching files and refreshing URL lists.
     */
    static ListManager lists(Config config, Engine previous) {
        if (previous != null) {
            previous.lists.configure(config.lists(), config.allow());
            return previous.lists;
        }
        ListManager lists = ListManager.create(config);
        lists.start();
        return lists;
    }

    static Engine build(Config config, Engine previous) {
        return build(config, previous, System::nanoTime);
    }

    /** @param limiterNanos the clock of the rate limits, in nanoseconds; tests move it by hand */
    static Engine build(Config config, Engine previous, LongSupplier limiterNanos) {
        AnswerCache cache = previous != null && previous.cache.settings().equals(config.cache())
                ? previous.cache : new AnswerCache(config.cache());
        RateLimiter limiter = previous != null && previous.limiter.settings().equals(config.clients().rateLimit())
                ? previous.limiter : new RateLimiter(config.clients().rateLimit(), limiterNanos);
        List<Cidr> exempt = config.clients().rateLimit().exempt();
        ResponseRateLimiter rrl = previous != null && previous.rrl.settings().equals(config.clients().rrl())
                && previous.rrl.exempt().equals(exempt)
                ? previous.rrl : new ResponseRateLimiter(config.clients().rrl(), exempt, limiterNanos);
        List<Upstream> upstreams = new ArrayList<>();
        for (HostPort hp : config.upstreams()) {
            upstreams.add(new PlainDnsUpstream(hp));
        }
        Forwarder forwarder = new Forwarder(upstreams, config.upstream().timeout(), config.upstream().attempts());
        ExecutorService background = previous != null ? previous.background : Executors.newVirtualThreadPerTaskExecutor();
        return new Engine(config, cache, limiter, rrl, forwarder, lists(config, previous), background);
    }

    /** The same checks as the first two links of the chain, for answers given without it. */
    @Override
    public boolean admits(InetAddress client) {
        return acl.allowed(client) && limiter.allow(client);
    }

    @Override
    public boolean allows(InetAddress client) {
        return acl.allowed(client);
    }

    /** The client ACL, for a TCP connection at accept: a client we do not serve never gets a byte read. */
    boolean admitsConnection(InetAddress client) {
        return acl.allowed(client);
    }

    /** Response rate limiting, for every UDP answer whichever path made it. */
    @Override
    public ResponseRateLimiter.Verdict respond(InetAddress client, long nameHash, int qtype, int rcode) {
        return rrl.check(client, nameHash, qtype, rcode);
    }

    ResponseRateLimiter rrl() {
        return rrl;
    }

    /** Blocked questions answered from bytes, with the same snapshot and settings as the blocking link. */
    @Override
    public BlockWriter blockWriter(int ednsPayload) {
        return new WireBlockResponder(lists::snapshot, config.blocking(), ednsPayload);
    }

    /**
     * Answers kept by the server are tied to the block-list snapshot in force. Every list reload, and every
     * engine build (which calls {@link ListManager#configure}), publishes a new snapshot object, so a kept
     * answer never outlives the lists or the configuration it was made under.
     */
    @Override
    public Object answersState() {
        return lists.snapshot();
    }

    /** The hot-answer table's share of {@code cache.maxBytes}. */
    @Override
    public long hotAnswersMaxBytes() {
        return config.cache().hotAnswersMaxBytes();
    }

    Config config() {
        return config;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    RateLimiter limiter() {
        return limiter;
    }

    AnswerCache cache() {
        return cache;
    }

    Forwarder forwarder() {
        return forwarder;
    }

    ListManager lists() {
        return lists;
    }

    /** Stops background work; only for the last engine (reloads hand the executor on). */
    @Override
    public void close() {
        lists.close();
        background.shutdownNow();
    }
}
