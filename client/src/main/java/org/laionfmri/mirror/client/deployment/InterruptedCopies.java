package org.laionfmri.mirror.client.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;
import org.laionfmri.mirror.Trees;

/**
 * What a killed copy leaves in a mirror directory, removed before the next run: the directory store
 * (S3Proxy's filesystem store) writes an object to {@code <key>-<uuid>} beside it and renames it into
 * place when complete, and keeps multipart uploads in {@code .mpus-*} folders. Neither is ever a
 * dataset key. Called only while the mirror's state lock is held, so no copy is under way.
 */
final class InterruptedCopies {

    private static final Pattern TEMPORARY = Pattern.compile(".+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String UPLOADS = ".mpus-";

    private InterruptedCopies() {}

    /** Removes the temporaries under {@code mirror} (its state folder aside); returns how many entries went. */
    static int removeFrom(Path mirror) {
        if (!Files.isDirectory(mirror)) {
            return 0;
        }
        int[] removed = {0};
        try {
            Files.walkFileTree(mirror, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                    if (directory.getFileName().toString().equals(LocalState.FOLDER)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (directory.getFileName().toString().startsWith(UPLOADS)) {
                        removed[0] += Trees.delete(directory);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String name = file.getFileName().toString();
                    if (TEMPORARY.matcher(name).matches() || name.startsWith(UPLOADS)) {
                        Files.delete(file);
                        removed[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not clear what an interrupted copy left in " + mirror + ": " + e.getMessage(), e);
        }
        return removed[0];
    }
}
