package org.laionfmri.mirror.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reading a {@link SourceObject} through a stream that may break off (a connection reset mid-body):
 * the bytes not yet read are asked for again, a few times, with a jittered backoff, before the copy
 * fails. The store's own clients retry each request up to its answer; this covers the body after it.
 */
public final class Ranges {

    /** Attempts at a range whose stream keeps breaking off. */
    public static final int MAX_ATTEMPTS = 8;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration LAST_BACKOFF = Duration.ofSeconds(5);

    private Ranges() {}

    /** Bytes {@code [offset, offset + length)} of {@code source}, in memory (a part of a multipart write). */
    public static byte[] read(SourceObject source, long offset, int length) throws InterruptedException {
        byte[] bytes = new byte[length];
        int[] filled = {0};
        copy(source, offset, length, (buffer, count) -> {
            System.arraycopy(buffer, 0, bytes, filled[0], count);
            filled[0] += count;
        });
        return bytes;
    }

    /**
     * Writes bytes {@code [offset, offset + length)} of {@code source} to {@code out}, asking again from
     * where a broken stream stopped.
     */
    public static void transfer(SourceObject source, long offset, long length, OutputStream out) throws InterruptedException {
        copy(source, offset, length, (buffer, count) -> {
            try {
                out.write(buffer, 0, count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private interface Sink {
        void accept(byte[] buffer, int count);
    }

    /** Streams the range into {@code sink}; a stream that breaks off is asked for again from where it stopped. */
    private static void copy(SourceObject source, long offset, long length, Sink sink) throws InterruptedException {
        byte[] buffer = new byte[(int) Math.min(1 << 16, Math.max(1, length))];
        long done = 0;
        IOException broken = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (broken != null) {
                Thread.sleep(backoff(attempt - 1).toMillis());
            }
            try (InputStream in = source.range(offset + done, length - done)) {
                while (done < length) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    int read = in.read(buffer, 0, (int) Math.min(buffer.length, length - done));
                    if (read < 0) {
                        throw new EOFException("the stream ended after " + done + " of " + length + " bytes");
                    }
                    sink.accept(buffer, read);
                    done += read;
                }
                return;
            } catch (IOException e) {
                broken = e;
            }
        }
        throw new UncheckedIOException("the source broke off " + MAX_ATTEMPTS + " times: " + broken.getMessage(), broken);
    }

    /** Full jitter over an exponential delay. */
    private static Duration backoff(int retry) {
        long ceiling = Math.min(LAST_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(retry, 16));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
