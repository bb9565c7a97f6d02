package org.laionfmri.mirror.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.laionfmri.mirror.storage.KeyOrder;
import org.laionfmri.mirror.storage.ObjectEntry;

/**
 * A synthetic listing shaped like the real bucket (every prefix, subject, held-out session and
 * stimulus derivative; key and nominal size), and a way to make it real with small, deterministic
 * bodies: for trying the mirror offline, for tests and for benchmarks. Nominal sizes (up to
 * gigabytes) become {@link #bodySize} bytes, keeping distinct sizes distinct for the size-based skip.
 */
public final class SampleBucket {

    private static final String LISTING = "/sample/laion-fmri-keys.tsv";

    private SampleBucket() {}

    /** The sample listing with its nominal sizes, in key order. */
    public static List<ObjectEntry> nominalEntries() {
        try (InputStream in = SampleBucket.class.getResourceAsStream(LISTING)) {
            if (in == null) {
                throw new IllegalStateException(LISTING + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<ObjectEntry> entries = new ArrayList<>();
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    String[] fields = line.split("\t");
                    entries.add(new ObjectEntry(fields[0], Long.parseLong(fields[1])));
                }
            }
            entries.sort((a, b) -> KeyOrder.compare(a.key(), b.key()));
            return List.copyOf(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body size a nominal size becomes: 1/65536 of it, at least one byte. */
    public static long bodySize(long nominalSize) {
        return Math.max(1, nominalSize >>> 16);
    }

    /** A listing as it reads once materialised: the same keys with {@link #bodySize} sizes. */
    public static List<ObjectEntry> materialised(List<ObjectEntry> nominal) {
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

    /** Writes each entry as a file under {@code directory} (keys as relative paths) with its materialised body. */
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
}
