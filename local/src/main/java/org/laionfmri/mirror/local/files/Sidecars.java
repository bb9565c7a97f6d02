package org.laionfmri.mirror.local.files;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.files.ContainedFolder;
import org.laionfmri.mirror.files.NewFile;

/**
 * User metadata of objects (a stimulus file's {@code sha256}), which a file cannot carry: one small JSON
 * file per object in the private folder's {@code metadata}, named by the key's SHA-256, holding the size
 * and modification time the object had when written. It counts only while the object still has both:
 * a file changed or replaced since (by a person, a plain copy) has no metadata. Written before the
 * object is renamed into place, so an object never appears without its metadata.
 */
final class Sidecars {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrivateFolder privateFolder;

    Sidecars(PrivateFolder privateFolder) {
        this.privateFolder = privateFolder;
    }

    /** What an object's sidecar holds. */
    record Sidecar(String key, long size, String modified, Map<String, String> metadata) {}

    /** Records {@code metadata} (names in lower case, as S3 gives them) for {@code key}, written as {@code object}. */
    void write(String key, BasicFileAttributes object, Map<String, String> metadata) throws IOException {
        Map<String, String> named = metadata.entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> b, TreeMap::new));
        byte[] body = JSON.writeValueAsBytes(new Sidecar(key, object.size(), object.lastModifiedTime().toString(), named));
        try (NewFile file = privateFolder.temporary()) {
            ByteBuffer bytes = ByteBuffer.wrap(body);
            while (bytes.hasRemaining()) {
                file.channel().write(bytes);
            }
            file.finish();
            try (ContainedFolder folder = privateFolder.open(PrivateFolder.METADATA)) {
                file.place(folder, nameOf(key), "the metadata of " + Messages.quoted(key));
            }
        }
    }

    /** The metadata recorded for {@code key}, when the object is still as it was written ({@code object}); else none. */
    Map<String, String> read(String key, BasicFileAttributes object) throws IOException {
        Optional<ContainedFolder> found = privateFolder.find(PrivateFolder.METADATA);
        if (found.isEmpty()) {
            return Map.of();
        }
        Sidecar sidecar;
        try (ContainedFolder folder = found.get(); InputStream in = Channels.newInputStream(folder.read(nameOf(key)))) {
            sidecar = JSON.readValue(in, Sidecar.class);
        } catch (NoSuchFileException | JacksonException none) {
            return Map.of(); // none recorded, or a damaged record: the object counts as one without metadata (a stimulus is fetched again)
        }
        boolean same = sidecar.key().equals(key) && sidecar.size() == object.size() && sidecar.modified().equals(object.lastModifiedTime().toString());
        return same ? sidecar.metadata() : Map.of();
    }

    /** Removes the metadata of {@code key}, if any. */
    void delete(String key) throws IOException {
        Optional<ContainedFolder> found = privateFolder.find(PrivateFolder.METADATA);
        if (found.isPresent()) {
            try (ContainedFolder folder = found.get()) {
                folder.deleteIfExists(nameOf(key));
            }
        }
    }

    private static String nameOf(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
