package org.laionfmri.mirror.local.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.error.Messages;

/**
 * {@code state.json}: one header line, {@code laion-mirror-state 1 length=<n> sha256=<hex>}, then a
 * JSON body ({@link StateJson}) of exactly n bytes whose sha256 is the header's. So a file cut short,
 * grown, or with any byte changed is told from a good one, and said what is wrong with it. Written
 * whole: a temporary file in the same folder ({@code state.json.tmp}, 0600), fsynced, renamed over
 * the old one, the folder fsynced; a reader opening the file meanwhile reads the old one or the new one.
 */
final class StateFile {

    static final String NAME = "state.json";
    static final String TEMP = NAME + ".tmp";
    static final int FORMAT = 1;
    private static final String MAGIC = "laion-mirror-state";
    private static final Pattern HEADER = Pattern.compile(MAGIC + " (\\d{1,9}) length=(\\d{1,15}) sha256=([0-9a-f]{64})");
    /** Longer than any header: a file without a line break within it has none. */
    private static final int HEADER_LIMIT = 200;

    private StateFile() {}

    /** What tells one written file from another without reading it: a rename makes a new file, a write a new time or size. */
    record Version(Object fileKey, FileTime modified, long size) {}

    /** The file's version now; empty when there is no file. */
    static Optional<Version> version(Path folder) throws Unreadable {
        return attributes(folder.resolve(NAME))
                .map(attributes -> new Version(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size()));
    }

    /** The state in {@code folder}'s state.json; empty when there is none. */
    static Optional<StateContents> read(Path folder) throws Unreadable {
        Path file = folder.resolve(NAME);
        if (attributes(file).isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readAllBytes();
        } catch (NoSuchFileException renamedAway) {
            return Optional.empty();
        } catch (IOException unreadable) {
            throw cannotBeRead(unreadable);
        }
        return Optional.of(decode(bytes));
    }

    /** Replaces {@code folder}'s state.json with {@code contents}, whole or not at all. */
    static void write(Path folder, StateContents contents) {
        Path temp = folder.resolve(TEMP);
        Path file = folder.resolve(NAME);
        try {
            Files.deleteIfExists(temp);
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.file())) {
                ByteBuffer bytes = ByteBuffer.wrap(encode(contents));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            OwnerOnly.restrictFile(temp);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            syncFolder(folder);
        } catch (IOException e) {
            removeTemp(folder);
            throw new UncheckedIOException("could not write the mirror's state to " + file + ": " + Messages.firstLine(e, "an input/output error"),
                    e);
        }
    }

    /** Removes what a write that was killed left: a temporary file that may hold a request_id since replaced or forgotten. */
    static void removeTemp(Path folder) {
        try {
            Files.deleteIfExists(folder.resolve(TEMP));
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + folder.resolve(TEMP) + ": " + Messages.firstLine(e, "an input/output error"), e);
        }
    }

    /** Makes the folder's entries (a rename, a new or removed file) durable. */
    static void syncFolder(Path folder) throws IOException {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    static byte[] encode(StateContents contents) {
        byte[] body = StateJson.encode(contents);
        byte[] header = (MAGIC + " " + FORMAT + " length=" + body.length + " sha256=" + Sha256.hex(body) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] file = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, file, header.length, body.length);
        return file;
    }

    static StateContents decode(byte[] file) throws Unreadable {
        if (file.length == 0) {
            throw new Unreadable("its " + NAME + " is empty");
        }
        int newline = indexOfNewline(file);
        String header = new String(file, 0, newline < 0 ? Math.min(file.length, HEADER_LIMIT) : newline, StandardCharsets.US_ASCII);
        if (!header.startsWith(MAGIC)) {
            throw new Unreadable("its " + NAME + " is not a laion-mirror state file (it does not start with " + MAGIC + ")");
        }
        Matcher fields = HEADER.matcher(header);
        if (newline < 0 || !fields.matches()) {
            throw new Unreadable("its " + NAME + "'s header line is damaged" + (newline < 0 && file.length < HEADER_LIMIT ? " (cut short)" : ""));
        }
        int format = Integer.parseInt(fields.group(1));
        if (format != FORMAT) {
            throw format > FORMAT
                    ? new Unreadable.NewerFormat("its " + NAME + " is in state format " + format + ", newer than this laion-mirror's ("
                            + FORMAT + ")")
                    : new Unreadable("its " + NAME + " says it is in state format " + format + ", which never existed");
        }
        long length = Long.parseLong(fields.group(2));
        long found = file.length - newline - 1L;
        if (found < length) {
            throw new Unreadable("its " + NAME + " is truncated (" + found + " of the " + length + " bytes its header announces are there)");
        }
        if (found > length) {
            throw new Unreadable("its " + NAME + " has " + (found - length) + " bytes more than its header announces");
        }
        byte[] body = Arrays.copyOfRange(file, newline + 1, file.length);
        if (!Sha256.hex(body).equals(fields.group(3))) {
            throw new Unreadable("its " + NAME + " does not match its checksum (some of its bytes were changed)");
        }
        try {
            return StateJson.decode(body);
        } catch (Unreadable invalid) {
            throw new Unreadable("its " + NAME + " holds no valid state: " + invalid.getMessage());
        }
    }

    /** The file's attributes, not following a link; empty when it does not exist. A file that is not one is unreadable. */
    private static Optional<BasicFileAttributes> attributes(Path file) throws Unreadable {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException unreadable) {
            throw cannotBeRead(unreadable);
        }
        if (attributes.isDirectory()) {
            throw new Unreadable("its " + NAME + " is a folder, not a file");
        }
        if (attributes.isSymbolicLink()) {
            throw new Unreadable("its " + NAME + " is a link, which laion-mirror does not follow");
        }
        if (!attributes.isRegularFile()) {
            throw new Unreadable("its " + NAME + " is not a regular file");
        }
        return Optional.of(attributes);
    }

    /** Unreadable is not missing: a file that is there but cannot be read is said so, and why. */
    private static Unreadable cannotBeRead(IOException unreadable) {
        String why = unreadable instanceof AccessDeniedException ? "permission denied" : Messages.firstLine(unreadable, "an input/output error");
        return new Unreadable("its " + NAME + " cannot be read (" + why + ")");
    }

    private static int indexOfNewline(byte[] file) {
        for (int i = 0; i < Math.min(file.length, HEADER_LIMIT); i++) {
            if (file[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
