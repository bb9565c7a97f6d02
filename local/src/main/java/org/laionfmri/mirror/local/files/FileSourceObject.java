package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import org.laionfmri.mirror.files.ContainedFolder;
import org.laionfmri.mirror.files.ContainedPaths;
import org.laionfmri.mirror.storage.NoSuchObject;
import org.laionfmri.mirror.storage.SourceChanged;
import org.laionfmri.mirror.storage.SourceObject;

/**
 * A file read for a copy: opened once (never through a link), at the planned size, and read at
 * positions. Reaching its last byte, it must still be the file opened, at that size and unmodified;
 * a file appended to, cut short, rewritten or replaced meanwhile is {@link SourceChanged}, so a torn
 * copy is never counted as copied.
 */
final class FileSourceObject implements SourceObject {

    private final ContainedFolder folder;
    private final String name;
    private final Path path;
    private final FileChannel channel;
    private final BasicFileAttributes opened;
    private final long size;

    private FileSourceObject(ContainedFolder folder, String name, FileChannel channel, BasicFileAttributes opened, long size) {
        this.folder = folder;
        this.name = name;
        this.path = folder.path().resolve(name);
        this.channel = channel;
        this.opened = opened;
        this.size = size;
    }

    /**
     * Opens the file {@code names} lead to in {@code tree}, planned at {@code expectedSize} bytes.
     *
     * @throws NoSuchObject when there is no regular file there (a link is none)
     * @throws SourceChanged when it is another size
     */
    static FileSourceObject open(Tree tree, List<String> names, long expectedSize) throws IOException {
        String name = ContainedPaths.fileName(names);
        ContainedFolder folder = tree.find(ContainedPaths.folders(names))
                .orElseThrow(() -> missing(tree, names));
        try {
            BasicFileAttributes attributes = folder.attributes(name).filter(BasicFileAttributes::isRegularFile)
                    .orElseThrow(() -> missing(tree, names));
            if (attributes.size() != expectedSize) {
                throw new SourceChanged(expectedSize, attributes.size());
            }
            FileChannel channel = folder.read(name);
            try {
                FileSourceObject source = new FileSourceObject(folder, name, channel, attributes, expectedSize);
                source.checkSize();
                return source;
            } catch (IOException | RuntimeException failure) {
                channel.close();
                throw failure;
            }
        } catch (IOException | RuntimeException failure) {
            folder.close();
            throw failure;
        }
    }

    static NoSuchObject missing(Tree tree, List<String> names) {
        return new NoSuchObject("There is no file " + tree.root().resolve(String.join("/", names)) + " (links are not followed).");
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream range(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IllegalArgumentException("bytes " + offset + "+" + length + " are not within the " + size + " bytes of " + path);
        }
        if (length == 0 && offset == size) {
            checkUnchanged(); // no read will reach the end: an empty file's only range
        }
        return new Range(offset, offset + length);
    }

    /** Copies the whole file into {@code target} by the kernel: no byte passes through this process. */
    void copyTo(FileChannel target) throws IOException {
        long done = 0;
        while (done < size) {
            long copied = channel.transferTo(done, size - done, target);
            if (copied <= 0) {
                checkSize();
                throw new IOException("the copy of " + path + " stopped at byte " + done);
            }
            done += copied;
        }
        checkUnchanged();
    }

    /** The file must still be the one opened, at the planned size and unmodified. */
    private void checkUnchanged() throws IOException {
        checkSize();
        Optional<BasicFileAttributes> now = folder.attributes(name);
        if (now.isEmpty() || !now.get().fileKey().equals(opened.fileKey()) || now.get().size() != size
                || !now.get().lastModifiedTime().equals(opened.lastModifiedTime())) {
            throw new SourceChanged("it changed while it was copied");
        }
    }

    private void checkSize() throws IOException {
        long now = channel.size();
        if (now != size) {
            throw new SourceChanged(size, now);
        }
    }

    @Override
    public void close() {
        try (folder) {
            channel.close();
        } catch (IOException e) {
            throw DiskFailures.reading(e, path);
        }
    }

    /** Bytes {@code [position, end)} read at positions; the read that reaches the file's end first checks it is unchanged. */
    private final class Range extends InputStream {

        private long position;
        private final long end;

        Range(long position, long end) {
            this.position = position;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= end) {
                return -1;
            }
            int wanted = (int) Math.min(length, end - position);
            int read = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
            if (read < 0) {
                checkSize();
                throw new SourceChanged("it ended before its planned " + size + " bytes");
            }
            position += read;
            if (position == size) {
                checkUnchanged();
            }
            return read;
        }
    }
}
