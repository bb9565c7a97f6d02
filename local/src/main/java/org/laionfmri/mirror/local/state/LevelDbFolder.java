package org.laionfmri.mirror.local.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.iq80.leveldb.CompressionType;
import org.iq80.leveldb.impl.FileMetaData;
import org.iq80.leveldb.impl.InternalKey;
import org.iq80.leveldb.impl.InternalKeyComparator;
import org.iq80.leveldb.impl.InternalUserComparator;
import org.iq80.leveldb.impl.LogMonitors;
import org.iq80.leveldb.impl.LogReader;
import org.iq80.leveldb.impl.ValueType;
import org.iq80.leveldb.impl.VersionEdit;
import org.iq80.leveldb.table.Block;
import org.iq80.leveldb.table.BlockEntry;
import org.iq80.leveldb.table.BlockHandle;
import org.iq80.leveldb.table.BlockIterator;
import org.iq80.leveldb.table.BlockTrailer;
import org.iq80.leveldb.table.BytewiseComparator;
import org.iq80.leveldb.table.Footer;
import org.iq80.leveldb.util.PureJavaCrc32C;
import org.iq80.leveldb.util.Slice;
import org.iq80.leveldb.util.SliceInput;
import org.iq80.leveldb.util.Slices;
import org.laionfmri.mirror.error.Messages;

/**
 * Every live entry of a LevelDB folder, read strictly and without writing to it: the MANIFEST named by
 * CURRENT gives the live tables and logs, each table block's checksum is checked (iq80's own table
 * reader skips it), each log is read with a monitor that throws rather than dropping what it cannot
 * read, and of each key the newest entry wins (a deletion removes it). Any damage is {@link Unreadable}
 * naming the file: LevelDB's own open repairs by dropping, which is how a finished run came back as
 * running. The parsing is iq80's pure-Java LevelDB; compressed blocks are unpacked by iq80's Snappy.
 */
final class LevelDbFolder {

    private static final String BYTEWISE = new BytewiseComparator().name();
    /** Only a block's seeks use it, and none is made here; a block needs one all the same. */
    private static final Comparator<Slice> INTERNAL_KEYS = new InternalUserComparator(new InternalKeyComparator(new BytewiseComparator()));
    private static final Pattern MANIFEST = Pattern.compile("MANIFEST-\\d+");
    private static final Pattern LOG = Pattern.compile("(\\d+)\\.log");
    /** A log record's header: its first sequence number and how many entries it holds. */
    private static final int BATCH_HEADER = Long.BYTES + Integer.BYTES;

    private LevelDbFolder() {}

    /** The folder's live entries, keys as text (LevelDB keys are bytes; those read here must be UTF-8). */
    static Map<String, byte[]> read(Path folder) throws Unreadable {
        Newest newest = new Newest();
        Manifest manifest = manifest(folder);
        for (long table : manifest.tables) {
            Path file = table(folder, table);
            readFile(file, () -> readTable(file, newest));
        }
        for (Path log : logs(folder, manifest)) {
            readFile(log, () -> readLog(log, newest));
        }
        return newest.live();
    }

    /** The live tables and the logs still to replay, as the MANIFEST records them. */
    private record Manifest(Set<Long> tables, long logNumber, long previousLogNumber) {}

    private static Manifest manifest(Path folder) throws Unreadable {
        Path current = folder.resolve("CURRENT");
        String name = readFile(current, () -> new String(Files.readAllBytes(current), StandardCharsets.US_ASCII));
        if (!name.endsWith("\n") || !MANIFEST.matcher(name.strip()).matches()) {
            throw new Unreadable(where(current) + " does not name a MANIFEST file");
        }
        Path manifest = folder.resolve(name.strip());
        return readFile(manifest, () -> {
            Set<Long> tables = new LinkedHashSet<>();
            Long logNumber = null;
            long previousLogNumber = 0;
            for (Slice record : records(manifest)) {
                VersionEdit edit = new VersionEdit(record);
                if (edit.getComparatorName() != null && !edit.getComparatorName().equals(BYTEWISE)) {
                    throw new IOException("its keys are ordered by " + edit.getComparatorName() + ", not bytewise");
                }
                logNumber = edit.getLogNumber() != null ? edit.getLogNumber() : logNumber;
                previousLogNumber = edit.getPreviousLogNumber() != null ? edit.getPreviousLogNumber() : previousLogNumber;
                tables.removeAll(edit.getDeletedFiles().values());
                edit.getNewFiles().values().stream().map(FileMetaData::getNumber).forEach(tables::add);
            }
            if (logNumber == null) {
                throw new IOException("it records no log number");
            }
            return new Manifest(tables, logNumber, previousLogNumber);
        });
    }

    /** A table's file: {@code .ldb} as LevelDB writes it now, or {@code .sst} as older versions did. */
    private static Path table(Path folder, long number) throws Unreadable {
        Path ldb = folder.resolve(String.format("%06d.ldb", number));
        Path sst = folder.resolve(String.format("%06d.sst", number));
        if (Files.exists(ldb)) {
            return ldb;
        }
        if (Files.exists(sst)) {
            return sst;
        }
        throw new Unreadable(where(ldb) + " is missing");
    }

    /** The logs newer than the tables, in the order they were written. */
    private static List<Path> logs(Path folder, Manifest manifest) throws Unreadable {
        TreeMap<Long, Path> logs = new TreeMap<>();
        readFile(folder, () -> {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Matcher log = LOG.matcher(file.getFileName().toString());
                    if (log.matches()) {
                        long number = Long.parseLong(log.group(1));
                        if (number >= manifest.logNumber || number == manifest.previousLogNumber) {
                            logs.put(number, file);
                        }
                    }
                }
            }
            return null;
        });
        return new ArrayList<>(logs.values());
    }

    private static Void readTable(Path file, Newest newest) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < Footer.ENCODED_LENGTH) {
                throw new IOException("it is shorter than a table's footer");
            }
            Footer footer = Footer.readFooter(Slices.wrappedBuffer(read(channel, size - Footer.ENCODED_LENGTH, Footer.ENCODED_LENGTH)));
            BlockIterator index = block(channel, footer.getIndexBlockHandle()).iterator();
            while (index.hasNext()) {
                BlockIterator entries = block(channel, BlockHandle.readBlockHandle(index.next().getValue().input())).iterator();
                while (entries.hasNext()) {
                    BlockEntry entry = entries.next();
                    InternalKey key = new InternalKey(entry.getKey());
                    newest.offer(key.getUserKey(), key.getSequenceNumber(), key.getValueType(), entry.getValue());
                }
            }
        }
        return null;
    }

    /** A table block, its checksum (over the data and the compression byte) checked, unpacked. */
    private static Block block(FileChannel channel, BlockHandle handle) throws IOException {
        int size = handle.getDataSize();
        byte[] stored = read(channel, handle.getOffset(), size + BlockTrailer.ENCODED_LENGTH);
        BlockTrailer trailer = BlockTrailer.readBlockTrailer(Slices.wrappedBuffer(stored).slice(size, BlockTrailer.ENCODED_LENGTH));
        PureJavaCrc32C checksum = new PureJavaCrc32C();
        checksum.update(stored, 0, size + 1);
        if (checksum.getMaskedValue() != trailer.getCrc32c()) {
            throw new IOException("a block at byte " + handle.getOffset() + " does not match its checksum");
        }
        byte[] data = trailer.getCompressionType() == CompressionType.SNAPPY
                ? org.iq80.snappy.Snappy.uncompress(stored, 0, size)
                : Arrays.copyOf(stored, size);
        return new Block(Slices.wrappedBuffer(data), INTERNAL_KEYS);
    }

    /** A log's write batches: each record is a first sequence number, a count, then that many puts and deletions. */
    private static Void readLog(Path log, Newest newest) throws IOException {
        for (Slice record : records(log)) {
            if (record.length() < BATCH_HEADER) {
                throw new IOException("a record is shorter than a batch header");
            }
            SliceInput batch = record.input();
            long sequence = batch.readLong();
            int count = batch.readInt();
            int read = 0;
            while (batch.isReadable()) {
                ValueType type = ValueType.getValueTypeByPersistentId(batch.readByte());
                Slice key = Slices.readLengthPrefixedBytes(batch);
                Slice value = type == ValueType.VALUE ? Slices.readLengthPrefixedBytes(batch) : null;
                newest.offer(key, sequence + read++, type, value);
            }
            if (read != count) {
                throw new IOException("a batch holds " + read + " entries where its header says " + count);
            }
        }
        return null;
    }

    /** Every record of a file in LevelDB's log format (the logs and the MANIFEST), checksums checked; any damage throws. */
    private static List<Slice> records(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            LogReader reader = new LogReader(channel, LogMonitors.throwExceptionMonitor(), true, 0);
            List<Slice> records = new ArrayList<>();
            for (Slice record = reader.readRecord(); record != null; record = reader.readRecord()) {
                records.add(record);
            }
            return records;
        }
    }

    private static byte[] read(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("it ends at byte " + (offset + buffer.position()) + ", inside a block");
            }
        }
        return buffer.array();
    }

    @FunctionalInterface
    private interface FileWork<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} on {@code file}: whatever fails is {@link Unreadable}, naming the file and why. */
    private static <T> T readFile(Path file, FileWork<T> work) throws Unreadable {
        try {
            return work.run();
        } catch (NoSuchFileException missing) {
            throw new Unreadable(where(file) + " is missing");
        } catch (AccessDeniedException denied) {
            throw new Unreadable(where(file) + " cannot be read (permission denied)");
        } catch (IOException | RuntimeException damaged) {
            throw new Unreadable(where(file) + " is damaged (" + Messages.firstLine(damaged, "it is not in LevelDB's format") + ")");
        }
    }

    private static String where(Path file) {
        return file.getParent().getFileName() + "/" + file.getFileName();
    }

    /** Of each key, the entry with the highest sequence number; a deletion is kept as a null value until the end. */
    private static final class Newest {

        private record Entry(long sequence, byte[] value) {}

        private final Map<Slice, Entry> entries = new HashMap<>();

        void offer(Slice key, long sequence, ValueType type, Slice value) {
            Entry known = entries.get(key);
            if (known == null || known.sequence < sequence) {
                entries.put(key.copySlice(), new Entry(sequence, type == ValueType.VALUE ? value.getBytes() : null));
            }
        }

        Map<String, byte[]> live() throws Unreadable {
            Map<String, byte[]> live = new TreeMap<>();
            for (Map.Entry<Slice, Entry> entry : entries.entrySet()) {
                if (entry.getValue().value != null) {
                    live.put(text(entry.getKey()), entry.getValue().value);
                }
            }
            return live;
        }

        private static String text(Slice key) throws Unreadable {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(key.getBytes())).toString();
            } catch (CharacterCodingException notText) {
                throw new Unreadable("a key of its store is not text");
            }
        }
    }
}
