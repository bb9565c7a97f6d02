package org.laionfmri.mirror.local.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What a folder holds, byte for byte: to show that nothing changed, and where a secret is. */
final class FolderBytes {

    private FolderBytes() {}

    /** Every entry under {@code folder} by its relative path: a file's bytes (Base64), a folder's "(folder)". */
    static Map<String, String> snapshot(Path folder) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.toList()) {
                entries.put(folder.relativize(path).toString(), Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                        ? "(folder)" : Base64.getEncoder().encodeToString(Files.readAllBytes(path)));
            }
        }
        return entries;
    }

    /** The files under {@code folder} whose bytes contain {@code secret} (UTF-8), by relative path. */
    static List<String> filesContaining(Path folder, String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                if (contains(Files.readAllBytes(path), needle)) {
                    found.add(folder.relativize(path).toString());
                }
            }
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            int matched = 0;
            while (matched < needle.length && haystack[start + matched] == needle[matched]) {
                matched++;
            }
            if (matched == needle.length) {
                return true;
            }
        }
        return false;
    }
}
