package org.camsink.resolver.blocking;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.blocklists.country.CountryLists;
import org.camsink.blocklists.catalogue.CatalogueException;
import org.camsink.blocklists.catalogue.VendorList;
import org.camsink.blocklists.sign.SignedVersion;
import org.camsink.resolver.blocking.format.ListContent;
import org.camsink.resolver.blocking.format.ListFormatException;
import org.camsink.resolver.blocking.format.ListFormats;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.Config.ListSource;
import org.camsink.resolver.status.ListStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configured lists and keeps them current, off the hot path.
 *
 * <p>Sources: {@code builtin:<id>} (the catalogue bundled in the jar), a file path, or an {@code https://} URL
 * (fetched by {@link ListFetcher} into the cache folder and fetched again every {@code refresh}; on failure the
 * last good copy stays in force). A background thread polls file lists for changes (modification time and size)
 * and reloads only the list that changed. Each load builds new immutable sets and publishes a new
 * {@link BlockingSnapshot} with one volatile write, so queries never wait for a load and never see half of one.
 * A list that fails to load keeps its previous content; its status carries the error.
 *
 * <p>Downloads never hold this object's lock: a URL list is fetched, checked and parsed on its own thread
 * ({@code camsink-list-fetch}) with the lock released, and only the finished result is installed under it. A
 * config reload or SIGHUP therefore never waits for a stalled or slow feed.
 */
public final class ListManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ListManager.class);
    /** How often file lists are checked for changes, by default. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofMinutes(5);

    private final ListFetcher fetcher;
    private final Duration poll;
    private final Clock clock;
    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    private ScheduledExecutorService worker;
    private ExecutorService fetchWorker;
    private final AtomicBoolean fetchQueued = new AtomicBoolean();
    private DomainSet allow = DomainSet.empty();
    private volatile BlockingSnapshot snapshot = BlockingSnapshot.empty();

    /** Per list: what is in force, and what we know about its origin. */
    private static final class Tracked {
        final ListSource source;
        LoadedList loaded;
        List<String> problems = List.of();
        FileStamp stamp;
        Instant nextFetch = Instant.EPOCH;
        /** What the copy in force is signed as (URL lists with a key); a download must not be older. */
        SignedVersion version;
        /** A download of this list is running (outside the lock). */
        boolean fetching;

        Tracked(ListSource source) {
            this.source = source;
        }
    }

    /** What tells a changed file apart: modification time (full precision), size, and identity (inode). */
    private record FileStamp(Instant modified, long size, Object key) {
        static FileStamp of(Path p) throws IOException {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new FileStamp(a.lastModifiedTime().toInstant(), a.size(), a.fileKey());
        }
    }

    /**
     * @param cacheDir where downloaded lists are kept (created when needed)
     * @param http     the client for URL lists
     * @param poll     how often file lists are checked and URL refreshes considered
     */
    public ListManager(Path cacheDir, HttpClient http, Duration poll, Clock clock) {
        this(cacheDir, () -> http, poll, clock);
    }

    /** As above, with the client made on first use (creating one sets up TLS, which costs start-up time). */
    ListManager(Path cacheDir, Supplier<HttpClient> http, Duration poll, Clock clock) {
        this.fetcher = new ListFetcher(http, cacheDir, clock);
        this.poll = poll;
        this.clock = clock;
    }

    /**
     * A manager for a configuration, with its lists loaded: builtin and file lists now, URL lists from their
     * cached copy (a missing or stale copy is fetched by {@link #start()}). Downloads go to
     * {@code telemetry.dataDir/lists}.
     */
    public static ListManager create(Config config) {
        ListManager m = new ListManager(config.telemetry().dataDir().resolve("lists"), ListManager::lazyClient, DEFAULT_POLL,
                Clock.systemUTC());
        m.configure(config.lists(), config.allow());
        return m;
    }

    /** The shared client for URL lists, built on the first fetch. */
    private static HttpClient lazyClient() {
        return LazyHttp.CLIENT;
    }

    private static final class LazyHttp {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * Sets the lists and exceptions, as after a config reload: lists whose settings did not change keep what
     * they have; new or changed ones are loaded now. Returns once the new snapshot is in force.
     */
    public synchronized void configure(List<ListSource> sources, List<String> allowNames) {
        DomainSet.Builder b = DomainSet.builder(allowNames.size());
        for (String name : allowNames) {
            try {
                b.add(DomainNames.normalize(DomainNames.stripWildcard(name)));
            } catch (IllegalArgumentException e) {
                LOG.warn("allow: skipping '{}': {}", name, e.getMessage());
            }
        }
        allow = b.build();
        Map<String, Tracked> old = new HashMap<>(tracked);
        tracked.clear();
        for (ListSource s : sources) {
            Tracked prev = old.get(s.id());
            if (prev != null && prev.source.equals(s) && prev.loaded != null) {
                tracked.put(s.id(), prev);
            } else {
                Tracked t = new Tracked(s);
                tracked.put(s.id(), t);
                load(t);
            }
        }
        publish();
    }

    /** Starts the background thread that watches files and refreshes URL lists. */
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "camsink-lists");
            t.setDaemon(true);
            return t;
        });
        fetchWorker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "camsink-list-fetch");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(this::pollSafely, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The lists in force; read once per query. */
    public BlockingSnapshot snapshot() {
        return snapshot;
    }

    /** One status per configured list, in config order. */
    public List<ListStatus> status() {
        List<ListStatus> out = new ArrayList<>();
        for (LoadedList l : snapshot.lists()) {
            out.add(l.status());
        }
        return out;
    }

    /** The problems of a list's last load ({@code file:line: reason}), at most {@link
     * org.camsink.resolver.blocking.format.ListBuilder#MAX_PROBLEMS}. */
    public synchronized List<String> problems(String id) {
        Tracked t = tracked.get(id);
        return t == null ? List.of() : t.problems;
    }

    /**
     * Reloads every list now (SIGHUP): files and bundled lists at once, URL lists fetched again. Once started, the
     * downloads run on the fetch thread and this returns without waiting for them; before {@link #start()} they
     * run here, still without the lock.
     */
    public void reloadAll() {
        synchronized (this) {
            for (Tracked t : tracked.values()) {
                if (isUrl(t.source.source())) {
                    t.nextFetch = Instant.EPOCH;
                } else {
                    load(t);
                }
            }
            publish();
        }
        fetchDueSoon();
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.error("list refresh failed: {}", e.toString(), e);
        }
    }

    /** One round of the background thread: reload changed files, and hand due URL lists to the fetch thread. */
    void poll() {
        pollFiles();
        fetchDueSoon();
    }

    private synchronized void pollFiles() {
        boolean changed = false;
        for (Tracked t : tracked.values()) {
            String src = t.source.source();
            if (src.startsWith("builtin:") || isUrl(src)) {
                continue;
            }
            FileStamp now;
            try {
                now = FileStamp.of(Path.of(src));
            } catch (IOException e) {
                now = null;
            }
            if (now == null ? t.stamp != null || t.loaded.error() == null : !now.equals(t.stamp)) {
                load(t);
                changed = true;
            }
        }
        if (changed) {
            publish();
        }
    }

    /** Fetches the due URL lists on the fetch thread (once started; at most one round queued), else here. */
    private void fetchDueSoon() {
        ExecutorService f;
        synchronized (this) {
            f = fetchWorker;
        }
        if (f == null) {
            fetchDue();
            return;
        }
        if (fetchQueued.compareAndSet(false, true)) {
            try {
                f.execute(() -> {
                    fetchQueued.set(false);
                    try {
                        fetchDue();
                    } catch (RuntimeException e) {
                        LOG.error("list download failed: {}", e.toString(), e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                fetchQueued.set(false);
            }
        }
    }

    /** Downloads, checks and parses every due URL list without the lock; installs each result under it. */
    void fetchDue() {
        List<Tracked> due = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (Tracked t : tracked.values()) {
                if (isUrl(t.source.source()) && !t.fetching && !now.isBefore(t.nextFetch)) {
                    t.fetching = true;
                    due.add(t);
                }
            }
        }
        for (Tracked t : due) {
            SignedVersion held;
            boolean inForce;
            synchronized (this) {
                held = t.version;
                inForce = t.loaded != null && t.loaded.loadedAt() != null;
            }
            Fetched f = fetch(t.source, held, inForce);
            synchronized (this) {
                t.fetching = false;
                if (tracked.get(t.source.id()) != t) {
                    if (f.candidate != null) {
                        fetcher.discard(f.candidate);
                    }
                    continue; // the config changed meanwhile: this result is for a list no longer configured
                }
                install(t, f);
                publish();
            }
        }
    }

    /** The outcome of one download: new content, "unchanged", or why it failed. */
    private record Fetched(ListFetcher.Candidate candidate, ListContent content, boolean unchanged, String error,
                           long millis) {}

    /** Downloads, checks and parses one list; touches no shared state. */
    private Fetched fetch(ListSource s, SignedVersion held, boolean inForce) {
        long started = System.nanoTime();
        ListFetcher.Candidate c;
        try {
            c = fetcher.download(s, held, inForce);
        } catch (IOException e) {
            return new Fetched(null, null, false, e.getMessage(), 0);
        } catch (RuntimeException e) {
            return new Fetched(null, null, false, s.source() + ": cannot be downloaded (" + e + ")", 0);
        }
        if (c == null) {
            return new Fetched(null, null, true, null, 0);
        }
        try {
            ListContent content = ListFormats.read(s.format(), c.file(), s.source());
            return new Fetched(c, content, false, null, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            fetcher.discard(c);
            return new Fetched(null, null, false, e.getMessage(), 0);
        } catch (RuntimeException e) {
            String why = e instanceof ListFormatException ? e.getMessage() : s.source() + ": cannot be parsed (" + e + ")";
            return new Fetched(null, null, false, why + "; " + setAside(s.id(), c.file(), why) + ", the last good copy stays", 0);
        }
    }

    /** Quarantines a copy that failed; says where it went. */
    private String setAside(String id, Path file, String why) {
        try {
            return "set aside in " + fetcher.quarantine(id, file, why);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // removed at the next start
            }
            return "deleted (" + e.getMessage() + ")";
        }
    }

    /** Puts one download's outcome in force; holds the lock. */
    private void install(Tracked t, Fetched f) {
        ListSource s = t.source;
        Instant now = clock.instant();
        if (f.unchanged) {
            t.nextFetch = now.plus(s.refresh());
            if (t.loaded != null && t.loaded.error() != null && t.loaded.loadedAt() != null) {
                t.loaded = t.loaded.failed(null);
            }
            LOG.info("list {}: {} is still current ({})", s.id(), t.version == null ? "the copy" : t.version.describe(), s.source());
            return;
        }
        if (f.error != null) {
            t.nextFetch = now.plus(RETRY.compareTo(s.refresh()) < 0 ? RETRY : s.refresh());
            failed(t, f.error);
            return;
        }
        try {
            fetcher.keep(s.id(), f.candidate);
        } catch (IOException e) {
            fetcher.discard(f.candidate);
            t.nextFetch = now.plus(RETRY.compareTo(s.refresh()) < 0 ? RETRY : s.refresh());
            failed(t, s.source() + ": cannot save the download (" + e.getMessage() + ")");
            return;
        }
        t.nextFetch = now.plus(s.refresh());
        t.version = f.candidate.signature();
        loaded(t, f.content, f.millis);
    }

    private void publish() {
        List<LoadedList> lists = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            lists.add(t.loaded);
        }
        snapshot = new BlockingSnapshot(lists, allow);
    }

    /** Loads one list from disk (a URL list from its cached copy); on failure keeps the previous content. */
    private void load(Tracked t) {
        ListSource s = t.source;
        long started = System.nanoTime();
        try {
            ListContent content = read(t);
            loaded(t, content, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | ListFormatException | CatalogueException e) {
            failed(t, e.getMessage());
        } catch (RuntimeException e) {
            // A parser fault on some input nobody foresaw: the list fails like an unreadable one, DNS goes on.
            failed(t, s.source() + ": cannot be parsed (" + e + ")");
            LOG.debug("list {} parse fault", s.id(), e);
        }
    }

    private void loaded(Tracked t, ListContent content, long millis) {
        ListSource s = t.source;
        t.loaded = new LoadedList(s, LoadedList.actionFor(s, content), content, clock.instant(), null);
        t.problems = content.problems();
        LOG.info("list {}: {} domains, {} ranges, {} exceptions, {} invalid lines, {} ignored rules in {} ms ({}{})",
                s.id(), content.domains().size(), content.ranges().size(),
                content.exceptions().size() + content.rangeExceptions().size(), content.invalidLines(),
                content.ignoredRules(), millis, s.source(), t.version == null ? "" : ", " + t.version.describe());
        if (!content.problems().isEmpty()) {
            LOG.warn("list {}: {} invalid lines; first: {}", s.id(), content.invalidLines(),
                    content.problems().getFirst());
        }
    }

    private void failed(Tracked t, String why) {
        ListSource s = t.source;
        if (t.loaded == null) {
            ListContent none = ListContent.empty();
            t.loaded = new LoadedList(s, LoadedList.actionFor(s, none), none, null, why);
        } else {
            t.loaded = t.loaded.failed(why);
        }
        LOG.error("list {}: {}{}", s.id(), why, t.loaded.loadedAt() != null ? " (keeping the last good copy)" : "");
    }

    private ListContent read(Tracked t) throws IOException, CatalogueException {
        ListSource s = t.source;
        String src = s.source();
        if (src.startsWith("builtin:")) {
            String id = src.substring("builtin:".length());
            Optional<ListContent> country = BundledLists.country(id, src);
            if (country.isPresent()) {
                return country.get();
            }
            Optional<VendorList> list = BundledLists.read(id);
            if (list.isEmpty()) {
                throw new IOException("no bundled list '" + id + "'; bundled: " + String.join(", ", Catalogue.BUILTIN_IDS)
                        + ", " + String.join(", ", CountryLists.IDS));
            }
            return ListFormats.of(list.get(), src);
        }
        if (isUrl(src)) {
            return readCached(t);
        }
        Path file = Path.of(src);
        try {
            FileStamp previous = t.stamp;
            t.stamp = FileStamp.of(file);
            try {
                return ListFormats.read(s.format(), file, src);
            } catch (IOException e) {
                t.stamp = previous; // not read: try again on the next poll
                throw e;
            }
        } catch (NoSuchFileException e) {
            t.stamp = null;
            throw new IOException(src + ": no such file");
        }
    }

    /**
     * A URL list's last good copy, checked against its signature again. A copy that was changed on disk, or whose
     * parse failed or never ended (the process died), is quarantined: never read again, and fetched anew.
     */
    private ListContent readCached(Tracked t) throws IOException {
        ListSource s = t.source;
        Path cached = fetcher.cacheFile(s.id());
        t.nextFetch = Instant.EPOCH;
        if (t.version == null) {
            t.version = fetcher.heldVersion(s);
        }
        if (!Files.isRegularFile(cached)) {
            throw new IOException(s.source() + ": not downloaded yet");
        }
        Path marker = fetcher.loadingMarker(s.id());
        if (Files.exists(marker)) {
            Files.deleteIfExists(marker);
            String why = cached + ": reading this cached copy did not finish at the last start";
            throw new IOException(why + "; " + setAside(s.id(), cached, why) + ", fetching it again");
        }
        try {
            t.version = fetcher.verifyCached(s);
        } catch (ListFetcher.CachedCopyRefused e) {
            throw new IOException(e.getMessage() + "; " + setAside(s.id(), cached, e.getMessage()) + ", fetching it again");
        }
        Instant copyTime = Files.getLastModifiedTime(cached).toInstant();
        Files.writeString(marker, "");
        try {
            ListContent content = ListFormats.read(s.format(), cached, s.source());
            t.nextFetch = copyTime.plus(s.refresh());
            return content;
        } catch (RuntimeException e) {
            String why = e instanceof ListFormatException ? e.getMessage() : cached + ": cannot be parsed (" + e + ")";
            throw new IOException(why + "; " + setAside(s.id(), cached, why) + ", fetching it again");
        } finally {
            Files.deleteIfExists(marker);
        }
    }

    private static boolean isUrl(String src) {
        return src.startsWith("https://") || src.startsWith("http://");
    }

    /** Stops both threads; a download in progress is abandoned and its partial file removed (waits up to 5 s). */
    @Override
    public void close() {
        ExecutorService fetching;
        synchronized (this) {
            if (worker != null) {
                worker.shutdownNow();
                worker = null;
            }
            fetching = fetchWorker;
            fetchWorker = null;
        }
        if (fetching != null) {
            fetching.shutdownNow();
            try {
                fetching.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
