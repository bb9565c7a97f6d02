package org.laionfmri.mirror.local.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import org.laionfmri.mirror.storage.ObjectUpload;

/**
 * An object of unknown length written into a directory store: buffered into its temporary file, and
 * stored under its key on {@link #commit()} only. Closing {@link #stream()} ends the writing (as a JSON
 * writer closes its target) but stores nothing.
 */
final class FileUpload implements ObjectUpload {

    private static final int BUFFER = 1 << 16;

    private final ObjectWrite write;
    private final String key;
    private final Path root;
    private final OutputStream stream;
    private boolean finished;

    FileUpload(ObjectWrite write, String key, Path root) {
        this.write = write;
        this.key = key;
        this.root = root;
        this.stream = new BufferedOutputStream(Channels.newOutputStream(write.channel()), BUFFER) {
            @Override
            public void close() throws IOException {
                flush(); // the file stays open until the upload is committed or aborted
            }
        };
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public void commit() {
        try (write) {
            finished = true;
            stream.flush();
            write.commit();
        } catch (IOException e) {
            throw DiskFailures.writing(e, key, root);
        }
    }

    @Override
    public void abort() {
        finished = true;
        try {
            write.close();
        } catch (IOException e) {
            throw DiskFailures.writing(e, key, root);
        }
    }

    @Override
    public void close() {
        if (!finished) {
            abort();
        }
    }
}
