package org.camsink.lambda.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** The report contract's golden examples ({@code /golden/valid}, {@code /golden/invalid}), from a folder or a jar. */
public final class GoldenReports {
    private GoldenReports() {}

    /** File name to bytes, sorted by name. */
    public static Map<String, byte[]> folder(String name) {
        URL url = GoldenReports.class.getResource("/golden/" + name);
        if (url == null) {
            throw new IllegalStateException("missing /golden/" + name + " on the test classpath (camsink-report test-jar)");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return read(fs.getPath("/golden/" + name));
            }
            return read(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, byte[]> read(Path dir) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** {@code expected.properties} of the invalid folder: file name to the JSON path of its first error. */
    public static Properties invalidPaths() {
        try (InputStream in = GoldenReports.class.getResourceAsStream("/golden/invalid/expected.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
