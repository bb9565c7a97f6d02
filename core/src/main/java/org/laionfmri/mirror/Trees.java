package org.laionfmri.mirror;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folder trees on disk. */
public final class Trees {

    private Trees() {}

    /**
     * Removes {@code tree} and everything under it, deepest first (a link is removed, not what it points to);
     * nothing when it does not exist. Returns how many files and folders were removed.
     */
    public static int delete(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            int removed = 0;
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
                removed++;
            }
            return removed;
        } catch (UncheckedIOException e) {
            throw e.getCause(); // a folder that could not be read during the walk
        }
    }
}
