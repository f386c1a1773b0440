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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.blocklists.country.CountryLists;
import org.camsink.blocklists.catalogue.CatalogueException;
import org.camsink.blocklists.catalogue.VendorList;
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
 */
public final class ListManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ListManager.class);
    /** How often file lists are checked for changes, by default. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY = Duration.ofMinutes(5);

    private final ListFetcher fetcher;
    private final Duration poll;
    private final Clock clock;
    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    private ScheduledExecutorService worker;
    private DomainSet allow = DomainSet.empty();
    private volatile BlockingSnapshot snapshot = BlockingSnapshot.empty();

    /** Per list: what is in force, and what we know about its origin. */
    private static final class Tracked {
        final ListSource source;
        LoadedList loaded;
        List<String> problems = List.of();
        FileStamp stamp;
        Instant nextFetch = Instant.EPOCH;

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
        this.fetcher = new ListFetcher(http, cacheDir, FETCH_TIMEOUT);
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
                load(t, false);
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

    /** Reloads every list now (SIGHUP), fetching URL lists again. */
    public synchronized void reloadAll() {
        for (Tracked t : tracked.values()) {
            t.nextFetch = Instant.EPOCH;
            load(t, true);
        }
        publish();
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.error("list refresh failed: {}", e.toString(), e);
        }
    }

    /** One round of the background thread: reload changed files and due URL lists. */
    synchronized void poll() {
        boolean changed = false;
        for (Tracked t : tracked.values()) {
            String src = t.source.source();
            if (src.startsWith("builtin:")) {
                continue;
            }
            if (isUrl(src)) {
                if (!clock.instant().isBefore(t.nextFetch)) {
                    load(t, true);
                    changed = true;
                }
                continue;
            }
            FileStamp now;
            try {
                now = FileStamp.of(Path.of(src));
            } catch (IOException e) {
                now = null;
            }
            if (now == null ? t.stamp != null || t.loaded.error() == null : !now.equals(t.stamp)) {
                load(t, false);
                changed = true;
            }
        }
        if (changed) {
            publish();
        }
    }

    private void publish() {
        List<LoadedList> lists = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            lists.add(t.loaded);
        }
        snapshot = new BlockingSnapshot(lists, allow);
    }

    /** Loads one list; on failure keeps the previous content and records the error. */
    private void load(Tracked t, boolean fetch) {
        ListSource s = t.source;
        long started = System.nanoTime();
        try {
            ListContent content = read(t, fetch);
            Instant at = clock.instant();
            t.loaded = new LoadedList(s, LoadedList.actionFor(s, content), content, at, null);
            t.problems = content.problems();
            LOG.info("list {}: {} domains, {} ranges, {} exceptions, {} invalid lines, {} ignored rules in {} ms ({})",
                    s.id(), content.domains().size(), content.ranges().size(),
                    content.exceptions().size() + content.rangeExceptions().size(), content.invalidLines(),
                    content.ignoredRules(), (System.nanoTime() - started) / 1_000_000, s.source());
            if (!content.problems().isEmpty()) {
                LOG.warn("list {}: {} invalid lines; first: {}", s.id(), content.invalidLines(),
                        content.problems().getFirst());
            }
        } catch (IOException | ListFormatException | CatalogueException e) {
            failed(t, e.getMessage());
        } catch (RuntimeException e) {
            // A parser fault on some input nobody foresaw: the list fails like an unreadable one, DNS goes on.
            failed(t, s.source() + ": cannot be parsed (" + e + ")");
            LOG.debug("list {} parse fault", s.id(), e);
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

    private ListContent read(Tracked t, boolean fetch) throws IOException, CatalogueException {
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
            Path cached = fetcher.cacheFile(s.id());
            boolean haveCopy = Files.isRegularFile(cached);
            if (haveCopy && !fetch) {
                Instant copyTime = Files.getLastModifiedTime(cached).toInstant();
                t.nextFetch = copyTime.plus(s.refresh());
                return ListFormats.read(s.format(), cached, src);
            }
            if (!fetch) {
                t.nextFetch = Instant.EPOCH;
                throw new IOException(src + ": not downloaded yet");
            }
            try {
                fetcher.fetch(s.id(), src, s.publicKey());
                t.nextFetch = clock.instant().plus(s.refresh());
                // Parsed from the verified copy just written, a piece at a time, not from the downloaded bytes.
                return ListFormats.read(s.format(), cached, src);
            } catch (IOException e) {
                t.nextFetch = clock.instant().plus(RETRY.compareTo(s.refresh()) < 0 ? RETRY : s.refresh());
                throw e;
            }
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

    private static boolean isUrl(String src) {
        return src.startsWith("https://") || src.startsWith("http://");
    }

    @Override
    public synchronized void close() {
        if (worker != null) {
            worker.shutdownNow();
            worker = null;
        }
    }
}
