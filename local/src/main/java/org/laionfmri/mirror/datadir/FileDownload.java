package org.laionfmri.mirror.datadir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.error.IntegrityError;
import org.laionfmri.mirror.error.LinkRefused;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.error.UnsafeKey;
import org.laionfmri.mirror.files.ContainedFolder;
import org.laionfmri.mirror.files.ContainedPaths;
import org.laionfmri.mirror.files.NewFile;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.SourceObject;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * One object of the mirror written into a data directory: into {@code <file>.part} first, checked (its
 * size, and its sha256 when one is announced), made durable, then renamed into place, so no partial file
 * is ever under the final name ({@link NewFile}). The file stays inside the directory and nothing is
 * written through a link: the {@code .part} is created anew (a stale one, or a link of its name, is
 * removed, never followed), and the rename replaces a link at the final name. A connection dropped or a
 * body cut short is read again, a few times; bytes that are whole but wrong are an {@link IntegrityError},
 * and nothing is written. Whatever fails, no {@code .part} is left behind.
 */
public final class FileDownload {

    private static final int ATTEMPTS = 5;
    private static final long FIRST_PAUSE_MILLIS = 250;

    private final ObjectStore mirror;

    public FileDownload(ObjectStore mirror) {
        this.mirror = mirror;
    }

    /**
     * Writes {@code key} (of {@code size} bytes, with {@code sha256} when not null) where {@code data} keeps it.
     *
     * @throws IntegrityError when the whole object has another size or sha256 than announced
     * @throws UnsafeKey when the key could lead out of the directory
     * @throws LinkRefused when a link stands where a folder of its path is
     */
    public void write(String key, long size, String sha256, DataDirectory data) {
        List<String> names = data.names(key);
        String name = ContainedPaths.fileName(names);
        try (ContainedFolder folder = data.makeFolders(ContainedPaths.folders(names), Messages.quoted(key))) {
            for (int attempt = 1; ; attempt++) {
                try (NewFile part = NewFile.create(folder, name + DataDirectory.PART)) {
                    if (fetched(key, size, sha256, part, attempt)) {
                        part.place(folder, name, Messages.quoted(key));
                        return;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + data.root().resolve(String.join("/", names)) + ": " + e.getMessage(), e);
        }
    }

    /** One attempt at the whole object into {@code part}: whether it is there, checked; false when a transient failure is worth another. */
    private boolean fetched(String key, long size, String sha256, NewFile part, int attempt) throws IOException {
        try {
            String written = copy(key, size, part.channel(), sha256 != null);
            long received = part.finish().size();
            if (received != size || sha256 != null && !sha256.equalsIgnoreCase(written)) {
                throw new IntegrityError(key + " in the mirror has " + received + " bytes" + (sha256 == null ? "" : " with sha256 " + written)
                        + ", not the " + size + (sha256 == null ? "" : " with sha256 " + sha256) + " announced; it was not written");
            }
            return true;
        } catch (IOException | SdkClientException transientFailure) {
            if (attempt == ATTEMPTS) {
                throw new UncheckedIOException("could not read " + key + " from the mirror after " + ATTEMPTS + " attempts: "
                        + Objects.toString(transientFailure.getMessage(), "the connection failed"),
                        transientFailure instanceof IOException io ? io : new IOException(transientFailure));
            }
            pause(attempt);
            return false;
        }
    }

    /** Streams the object into {@code file}; returns its sha256 when asked (else null). A body cut short throws. */
    private String copy(String key, long size, FileChannel file, boolean hash) throws IOException {
        MessageDigest digest = hash ? Sha256.digest() : null;
        try (SourceObject object = mirror.openSource(key, size); InputStream in = object.range(0, size)) {
            long received = transfer(in, file, digest);
            if (received != size) {
                throw new IOException("the body of " + key + " ended after " + received + " of " + size + " bytes");
            }
        }
        return digest == null ? null : Sha256.hex(digest);
    }

    private static long transfer(InputStream in, FileChannel file, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, read);
            while (bytes.hasRemaining()) {
                file.write(bytes);
            }
            if (digest != null) {
                digest.update(buffer, 0, read);
            }
            total += read;
        }
        return total;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(FIRST_PAUSE_MILLIS << (attempt - 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to read again", e);
        }
    }
}
