package org.laionfmri.mirror.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.laionfmri.mirror.storage.ObjectEntry;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Materialises a listing as real objects with small, deterministic bodies: into a directory (keys as
 * relative paths) or into a bucket. {@link #bodySize} scales the nominal sizes down (gigabytes become
 * kilobytes) while keeping distinct sizes distinct enough for the size-based skip rule.
 */
public final class FixtureBuckets {

    private FixtureBuckets() {}

    /** The body size a nominal size becomes: 1/65536 of it, at least one byte. */
    public static long bodySize(long nominalSize) {
        return Math.max(1, nominalSize >>> 16);
    }

    /** The listing as it reads once materialised: the same keys with {@link #bodySize} sizes. */
    public static List<ObjectEntry> materialisedEntries(List<ObjectEntry> nominal) {
        return nominal.stream().map(entry -> new ObjectEntry(entry.key(), bodySize(entry.size()))).toList();
    }

    /** The deterministic body of a key: its name repeated, cut to {@code size} bytes. */
    public static byte[] body(String key, long size) {
        byte[] pattern = (key + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[Math.toIntExact(size)];
        for (int i = 0; i < body.length; i++) {
            body[i] = pattern[i % pattern.length];
        }
        return body;
    }

    public static void writeDirectory(Path directory, List<ObjectEntry> nominal) {
        try {
            for (ObjectEntry entry : nominal) {
                Path file = directory.resolve(entry.key());
                Files.createDirectories(file.getParent());
                Files.write(file, body(entry.key(), bodySize(entry.size())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeBucket(S3Client s3, String bucket, String prefix, List<ObjectEntry> nominal) {
        for (ObjectEntry entry : nominal) {
            s3.putObject(put -> put.bucket(bucket).key(prefix + entry.key()),
                    RequestBody.fromBytes(body(entry.key(), bodySize(entry.size()))));
        }
    }
}
