package org.camsink.resolver.blocking;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.camsink.blocklists.sign.SignedVersion;

/**
 * One HTTP GET streamed into a file, bounded in bytes and in total time, with the SHA-256 of what was written.
 * The body never sits in memory: each piece the client hands over is hashed and written, then the next one is
 * asked for. The deadline covers everything from connecting to the last byte, so a server that trickles a byte a
 * second ends like one that never answers; past it, or past the size limit, the exchange is cancelled.
 */
final class Download {
    /** @param bytes how many bytes the file got; @param sha256 their SHA-256 */
    record Result(long bytes, byte[] sha256) {}

    private Download() {}

    /**
     * Gets {@code url} into {@code file} (created or truncated).
     *
     * @param limitName the config key that sets {@code maxBytes}, named in the message when the body is larger
     * @param timeout   what {@code deadline} came from, for the message
     * @throws IOException with {@code url} and the reason: HTTP status, too large, too slow, no connection
     */
    static Result get(HttpClient client, String url, Path file, long maxBytes, String limitName, Instant deadline,
                      Duration timeout) throws IOException {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new IOException(url + ": not finished within " + timeout + " (lists[].timeout)");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(left)
                .header("User-Agent", "camsink").GET().build();
        Sink sink = new Sink(file, maxBytes);
        CompletableFuture<HttpResponse<Void>> pending = client.sendAsync(request,
                info -> info.statusCode() == 200 ? sink : HttpResponse.BodySubscribers.discarding());
        HttpResponse<Void> response;
        try {
            response = pending.get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            sink.abandon();
            throw new IOException(url + ": not finished within " + timeout + " (lists[].timeout), "
                    + sink.bytes + " bytes received; the download is abandoned");
        } catch (InterruptedException e) {
            pending.cancel(true);
            sink.abandon();
            Thread.currentThread().interrupt();
            throw new IOException(url + ": interrupted");
        } catch (ExecutionException e) {
            sink.abandon();
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof TooLarge) {
                    throw new IOException(url + ": larger than " + maxBytes + " bytes (" + limitName
                            + "); the download is abandoned");
                }
            }
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new IOException(url + ": " + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : " " + c.getMessage()), c);
        }
        if (response.statusCode() != 200) {
            throw new IOException(url + ": HTTP " + response.statusCode());
        }
        return new Result(sink.bytes, sink.digest.digest());
    }

    /** The body was cut at the limit. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("body over the limit");
        }
    }

    /** Writes each piece to the file and hashes it; cancels past the limit or once abandoned. */
    private static final class Sink implements HttpResponse.BodySubscriber<Void> {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Path file;
        private final long maxBytes;
        final MessageDigest digest = SignedVersion.digest();
        volatile long bytes;
        private volatile boolean abandoned;
        private Flow.Subscription subscription;
        private FileChannel out;

        Sink(Path file, long maxBytes) {
            this.file = file;
            this.maxBytes = maxBytes;
        }

        void abandon() {
            abandoned = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            try {
                out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                s.cancel();
                done.completeExceptionally(e);
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> pieces) {
            if (abandoned || done.isDone()) {
                subscription.cancel();
                close();
                return;
            }
            try {
                for (ByteBuffer b : pieces) {
                    long total = bytes + b.remaining();
                    if (total > maxBytes) {
                        fail(new TooLarge());
                        return;
                    }
                    bytes = total;
                    digest.update(b.duplicate());
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                }
            } catch (IOException e) {
                fail(e);
                return;
            }
            subscription.request(1);
        }

        private void fail(IOException e) {
            subscription.cancel();
            close();
            done.completeExceptionally(e);
        }

        @Override
        public void onError(Throwable t) {
            close();
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            close();
            done.complete(null);
        }

        private void close() {
            FileChannel c = out;
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // the file is deleted or replaced by the caller either way
                }
            }
        }
    }
}
