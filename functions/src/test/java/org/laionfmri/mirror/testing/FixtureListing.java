package org.laionfmri.mirror.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.laionfmri.mirror.storage.KeyOrder;
import org.laionfmri.mirror.storage.ObjectEntry;

/**
 * The synthetic listing shaped like the real bucket ({@code fixtures/laion-fmri-keys.tsv}: key and
 * nominal size), in key order.
 */
public final class FixtureListing {

    private static final String RESOURCE = "/fixtures/laion-fmri-keys.tsv";

    private FixtureListing() {}

    public static List<ObjectEntry> entries() {
        try (InputStream in = FixtureListing.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
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
}
