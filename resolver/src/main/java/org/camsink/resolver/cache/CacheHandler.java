package org.camsink.resolver.cache;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.camsink.resolver.pipeline.Next;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.QueryHandler;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/**
 * Answers from the {@link AnswerCache}, and stores what the rest of the chain resolved.
 *
 * <p>Serve-stale (RFC 8767): when the rest of the chain fails and an expired entry is still within
 * {@code cache.staleMaxAge}, that entry is served with TTL {@code cache.staleTtl}. And when such an entry exists,
 * the client does not wait more than {@link #STALE_ANSWER_AFTER} for a slow upstream: it gets the stale answer
 * while the refresh goes on in the background and updates the cache.
 */
public final class CacheHandler implements QueryHandler {
    /** RFC 8767's suggested client response timer. */
    static final Duration STALE_ANSWER_AFTER = Duration.ofMillis(1800);

    private final AnswerCache cache;
    private final Executor background;

    public CacheHandler(AnswerCache cache, Executor background) {
        this.cache = cache;
        this.background = background;
    }

    public AnswerCache cache() {
        return cache;
    }

    @Override
    public Resolution handle(Query query, Next next) {
        if (!cache.enabled()) {
            return next.resolve(query);
        }
        CacheKey key = new CacheKey(query.name(), query.type(), query.dclass(), query.dnssecOk(),
                query.request().getHeader().getFlag(Flags.CD));
        int id = query.request().getHeader().getID();
        byte[] fresh = cache.get(key, id);
        if (fresh != null) {
            Resolution hit = answer(query, fresh, ResolutionKind.CACHED, "cache");
            if (hit != null) {
                return hit;
            }
        }
        if (cache.hasStale(key)) {
            return refreshWithTimer(query, next, key, id);
        }
        return storeOrStale(query, next.resolve(query), key, id);
    }

    private Resolution refreshWithTimer(Query query, Next next, CacheKey key, int id) {
        Query own = new Query(query.request().clone(), query.client(), query.transport(), query.maxResponse(),
                query.dnssecOk(), query.receivedNanos());
        CompletableFuture<Resolution> refresh = CompletableFuture.supplyAsync(() -> {
            Resolution r = next.resolve(own);
            store(key, r);
            return r;
        }, background);
        try {
            Resolution r = refresh.get(STALE_ANSWER_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            return staleIfFailed(query, r, key, id);
        } catch (TimeoutException e) {
            Resolution stale = stale(query, key, id);
            // the refresh stores its own result; only the fall-back to stale is left to do here
            return stale != null ? stale : staleIfFailed(query, refresh.join(), key, id);
        } catch (ExecutionException e) {
            Resolution stale = stale(query, key, id);
            if (stale != null) {
                return stale;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Resolution stale = stale(query, key, id);
            return stale != null ? stale : Resolution.of(null, ResolutionKind.DROPPED, "interrupted");
        }
    }

    private Resolution storeOrStale(Query query, Resolution r, CacheKey key, int id) {
        store(key, r);
        return staleIfFailed(query, r, key, id);
    }

    private void store(CacheKey key, Resolution r) {
        if (r.kind() == ResolutionKind.RESOLVED && r.response() != null) {
            cache.put(key, r.response());
        }
    }

    private Resolution staleIfFailed(Query query, Resolution r, CacheKey key, int id) {
        if (r.kind() == ResolutionKind.FAILED) {
            Resolution stale = stale(query, key, id);
            if (stale != null) {
                return stale;
            }
        }
        return r;
    }

    private Resolution stale(Query query, CacheKey key, int id) {
        byte[] wire = cache.getStale(key, id);
        return wire == null ? null : answer(query, wire, ResolutionKind.STALE, "stale cache (upstreams failed)");
    }

    /** Parses cached bytes into a fresh message that echoes the client's question (its case included). */
    private static Resolution answer(Query query, byte[] wire, ResolutionKind kind, String reason) {
        try {
            Message m = new Message(wire);
            m.removeAllRecords(Section.QUESTION);
            m.addRecord(query.request().getQuestion(), Section.QUESTION);
            return Resolution.of(m, kind, reason);
        } catch (IOException e) {
            return null;
        }
    }
}
