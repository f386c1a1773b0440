package org.camsink.resolver.telemetry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reports on disk, waiting for the backend: {@code dataDir/spool/<reportId>.json}. A report is written to a
 * temporary file, forced to disk and renamed into place, so a file with the final name is always complete;
 * temporary files left by a crash are removed by {@link #open}. Files are deleted only once the backend
 * acknowledged them, and moved to {@code spool/rejected/} when it refused them.
 *
 * <p>The pending reports are bounded by {@code maxBytes}: {@link #store} refuses a new report that does not
 * fit and keeps the older ones. The rejected folder keeps the newest {@link #MAX_REJECTED} files.
 */
final class Spool {
    static final int MAX_REJECTED = 100;
    private static final String SUFFIX = ".json";
    private static final String TMP_PREFIX = ".tmp-";

    private final Path dir;
    private final Path rejected;
    private final long maxBytes;

    Spool(Path dataDir, long maxBytes) {
        this.dir = dataDir.resolve("spool");
        this.rejected = dir.resolve("rejected");
        this.maxBytes = maxBytes;
    }

    static Path dir(Path dataDir) {
        return dataDir.resolve("spool");
    }

    /** Creates the folders and removes temporary files a crash left behind. */
    Spool open() throws IOException {
        Files.createDirectories(rejected);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, TMP_PREFIX + "*")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
                TelemetryService.LOG.info("telemetry removed an unfinished spool file {}", p.getFileName());
            }
        }
        return this;
    }

    Path folder() {
        return dir;
    }

    /** Writes one report durably. Returns false, writing nothing, when it would take the spool over its cap. */
    boolean store(String reportId, byte[] body) throws IOException {
        long used = pendingBytes();
        if (used + body.length > maxBytes) {
            return false;
        }
        Path tmp = dir.resolve(TMP_PREFIX + reportId + SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(body);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(reportId + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir);
        return true;
    }

    /** Pending reports, oldest first. */
    List<Path> pending() throws IOException {
        return list(dir);
    }

    List<Path> rejectedFiles() throws IOException {
        return Files.isDirectory(rejected) ? list(rejected) : List.of();
    }

    private static List<Path> list(Path folder) throws IOException {
        record Entry(Path path, FileTime time) {}
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path p : ds) {
                if (p.getFileName().toString().startsWith(TMP_PREFIX)) {
                    continue;
                }
                try {
                    out.add(new Entry(p, Files.getLastModifiedTime(p)));
                } catch (NoSuchFileException gone) {
                    // acknowledged meanwhile
                }
            }
        }
        out.sort(Comparator.comparing(Entry::time).thenComparing(e -> e.path().getFileName().toString()));
        return out.stream().map(Entry::path).toList();
    }

    long pendingBytes() throws IOException {
        long sum = 0;
        for (Path p : pending()) {
            try {
                sum += Files.size(p);
            } catch (NoSuchFileException gone) {
                // acknowledged meanwhile
            }
        }
        return sum;
    }

    long maxBytes() {
        return maxBytes;
    }

    static String reportId(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
    }

    /** The backend has it: remove it for good. */
    void acknowledge(Path file) throws IOException {
        Files.deleteIfExists(file);
        syncDirectory(dir);
    }

    /** The backend refused it as invalid: keep it aside for the owner, never retry it. */
    void reject(Path file) throws IOException {
        Files.move(file, rejected.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir);
        List<Path> kept = rejectedFiles();
        for (int i = 0; i < kept.size() - MAX_REJECTED; i++) {
            Files.deleteIfExists(kept.get(i));
        }
    }

    /** Forces a rename or delete in {@code folder} to disk (a no-op where directories cannot be opened). */
    static void syncDirectory(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform; the rename itself is still atomic
        }
    }
}
