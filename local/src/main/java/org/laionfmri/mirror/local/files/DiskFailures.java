package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The file system's failures said for people, in one line: what went wrong, where, and what to do;
 * never an exception's class name. The system's reasons are matched as the C library words them.
 */
final class DiskFailures {

    private DiskFailures() {}

    /** A failure to store {@code key} in the directory store at {@code root}. */
    static UncheckedIOException writing(IOException failure, String key, Path root) {
        String reason = reason(failure);
        String lower = reason.toLowerCase(Locale.ROOT);
        String message;
        if (lower.contains("no space left")) {
            message = "No space left on the disk holding " + root + ": free some space there, then run the command again.";
        } else if (lower.contains("quota")) {
            message = "The disk quota for " + root + " is used up: free some space there, then run the command again.";
        } else if (lower.contains("read-only file system")) {
            message = root + " is on a read-only file system: choose a folder on a disk that takes writes.";
        } else if (denied(failure, lower)) {
            Path existing = existingPartOf(root);
            message = "Permission denied writing " + key + " into " + root + ": make " + existing + " writable for you (chmod "
                    + (existing.equals(root) ? "-R " : "") + "u+w " + existing + "), or choose another folder.";
        } else if (lower.contains("name too long")) {
            message = "A name in " + key + " is too long for the file system holding " + root + ".";
        } else {
            message = "Could not write " + key + " into " + root + ": " + reason + "; check the folder and its disk, then run the command again.";
        }
        return new UncheckedIOException(message, failure);
    }

    /** A failure to read {@code what}, a file or a folder of a directory store. */
    static UncheckedIOException reading(IOException failure, Path what) {
        String reason = reason(failure);
        if (denied(failure, reason.toLowerCase(Locale.ROOT))) {
            return new UncheckedIOException("Permission denied reading " + what + ": make it readable for you (chmod u+r, and u+x for a folder).",
                    failure);
        }
        return new UncheckedIOException("Could not read " + what + ": " + reason + ".", failure);
    }

    /** {@code folder}, or its nearest parent that exists (where a missing folder would be made). */
    private static Path existingPartOf(Path folder) {
        Path existing = folder;
        while (existing.getParent() != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        return existing;
    }

    private static boolean denied(IOException failure, String lowerReason) {
        return failure instanceof AccessDeniedException || lowerReason.contains("permission denied") || lowerReason.contains("not permitted");
    }

    /** What the failures Java names by their class alone mean. */
    private static String unexplained(IOException failure) {
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof NotDirectoryException) {
            return "it is not a folder";
        }
        if (failure instanceof FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (failure instanceof NoSuchFileException) {
            return "it does not exist";
        }
        if (failure instanceof AsynchronousCloseException) {
            return "the command was interrupted";
        }
        return "the system gave no reason";
    }

    /** What the system said, without the file name a {@link FileSystemException} puts before it. */
    private static String reason(IOException failure) {
        String said = failure instanceof FileSystemException system ? system.getReason() : failure.getMessage();
        if (said == null || said.isBlank()) {
            return unexplained(failure);
        }
        String line = said.lines().findFirst().orElse(said);
        return Character.toLowerCase(line.charAt(0)) + line.substring(1);
    }
}
