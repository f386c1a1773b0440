package org.camsink.lambda.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard files bundled under the classpath folder {@code /dashboard/}: {@code index.html} at {@code /} and
 * any other file at {@code /assets/<name>}. Names are a single path segment, so nothing outside the folder is
 * reachable.
 */
public final class StaticAssets {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("map", "application/json; charset=utf-8"));
    private final String folder;
    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    public StaticAssets(String folder) {
        this.folder = folder.endsWith("/") ? folder : folder + "/";
    }

    /** The page at {@code /}: revalidated on every load, so a new deployment shows at once. */
    public ApiResponse index() {
        return file("index.html", "no-cache");
    }

    /** A file at {@code /assets/<name>}. */
    public ApiResponse asset(String name) {
        if (!NAME.matcher(name).matches() || name.contains("..") || name.equals("index.html")) {
            return ApiResponse.notFound();
        }
        return file(name, "public, max-age=3600");
    }

    private ApiResponse file(String name, String cacheControl) {
        Optional<byte[]> content = cache.computeIfAbsent(name, this::load);
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(ext);
        if (content.isEmpty() || type == null) {
            return ApiResponse.notFound();
        }
        boolean text = type.startsWith("text/") || type.contains("json") || type.contains("svg");
        return ApiResponse.bytes(200, type, content.get(), !text)
                .header("Cache-Control", cacheControl)
                .header("Referrer-Policy", "no-referrer");
    }

    private Optional<byte[]> load(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(folder + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
