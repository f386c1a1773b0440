package org.camsink.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** The golden examples under {@code /golden/valid} and {@code /golden/invalid}, read from the classpath. */
final class Golden {
    private Golden() {}

    static List<Path> files(String folder) {
        URL url = Golden.class.getResource("/golden/" + folder);
        if (url == null) {
            throw new IllegalStateException("missing /golden/" + folder + " on the classpath");
        }
        try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The folder's {@code index.txt}: how readers of the test-jar (where a folder cannot be listed) find the files. */
    static List<String> index(String folder) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + folder + "/index.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing /golden/" + folder + "/index.txt");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties expected() {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/invalid/expected.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
