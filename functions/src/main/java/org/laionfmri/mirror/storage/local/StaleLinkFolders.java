package org.laionfmri.mirror.storage.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporary folders of links that served directories as buckets are named after their process;
 * one whose process is gone (killed before it could remove it) is removed by the next server started.
 * The links are symbolic: removing them never touches the directories they point to.
 */
final class StaleLinkFolders {

    static final String PREFIX = "laion-mirror-buckets-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+");

    private StaleLinkFolders() {}

    static void remove() {
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(temporary, PREFIX + "*")) {
            for (Path folder : folders) {
                Matcher name = NAME.matcher(folder.getFileName().toString());
                if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                    removeLinks(folder);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not look for stale link folders in " + temporary + ": " + e.getMessage(), e);
        }
    }

    /** Removes the folder, unless a server starting at the same time (a source's beside a mirror's) did first. */
    private static void removeLinks(Path folder) throws IOException {
        try (DirectoryStream<Path> links = Files.newDirectoryStream(folder)) {
            for (Path link : links) {
                Files.deleteIfExists(link); // a link, or the umask probe: never followed
            }
        } catch (NoSuchFileException removedAlready) {
            return;
        }
        Files.deleteIfExists(folder);
    }
}
