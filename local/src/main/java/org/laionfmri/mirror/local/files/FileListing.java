package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.laionfmri.mirror.files.ContainedFolder;
import org.laionfmri.mirror.storage.KeyOrder;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.ObjectListing;

/**
 * A directory's regular files as objects in {@link KeyOrder}, as S3 lists keys: each folder's entries
 * are sorted with a folder compared as {@code name/}, and the tree is walked folder by folder as the
 * pages are read (one folder's entries in memory per level; no folder kept open between pages). Symbolic
 * links, to files or folders, and special files are not followed and not listed: each is left out with
 * a warning ({@link SkippedEntries}). The root's private folder is never listed.
 */
final class FileListing implements ObjectListing {

    static final int PAGE_SIZE = 1000;

    private final Tree tree;
    private final Keys keys;
    private final SkippedEntries skipped;

    FileListing(Tree tree, Keys keys, SkippedEntries skipped) {
        this.tree = tree;
        this.keys = keys;
        this.skipped = skipped;
    }

    @Override
    public Iterator<List<ObjectEntry>> pages(String prefix) {
        Iterator<ObjectEntry> objects = new Walk(keys.folderNames(prefix), startOfName(prefix));
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return objects.hasNext();
            }

            @Override
            public List<ObjectEntry> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<ObjectEntry> page = new ArrayList<>();
                while (page.size() < PAGE_SIZE && objects.hasNext()) {
                    page.add(objects.next());
                }
                return page;
            }
        };
    }

    /** As S3's listing with delimiter {@code /}: only folders holding a regular file somewhere below are prefixes. */
    @Override
    public List<String> childPrefixes(String prefix) {
        List<String> folders = keys.folderNames(prefix);
        String above = prefix.substring(0, prefix.length() - startOfName(prefix).length());
        List<String> prefixes = new ArrayList<>();
        for (Entry entry : entries(folders, startOfName(prefix))) {
            if (entry.folder() && new Walk(below(folders, entry.name()), "").hasNext()) {
                prefixes.add(above + entry.name() + "/");
            }
        }
        return prefixes;
    }

    /** The part of {@code prefix} after its last {@code /}: the start of the names it selects in its folder. */
    private static String startOfName(String prefix) {
        return prefix.substring(prefix.lastIndexOf('/') + 1);
    }

    private static List<String> below(List<String> folder, String name) {
        List<String> names = new ArrayList<>(folder);
        names.add(name);
        return names;
    }

    /** A file (with its size) or a folder of a listed folder; or what is left out, and why ({@code leftOut}). */
    private record Entry(String name, long size, boolean folder, String leftOut) {

        static Entry leftOut(String name, String why) {
            return new Entry(name, -1, false, why);
        }

        /** How the entry sorts among its siblings: a folder by the keys below it. */
        String sortedAs() {
            return folder ? name + "/" : name;
        }
    }

    /**
     * The files and folders in the folder {@code names} whose names start with {@code start}, in key
     * order; none when there is no such folder (or a link stands there).
     */
    private List<Entry> entries(List<String> names, String start) {
        try {
            Optional<ContainedFolder> found = tree.find(names);
            if (found.isEmpty()) {
                return List.of();
            }
            try (ContainedFolder folder = found.get()) {
                List<Entry> entries = new ArrayList<>();
                List<Entry> left = new ArrayList<>();
                for (Path entry : folder.names()) {
                    String name = entry.toString();
                    if (!name.startsWith(start) || names.isEmpty() && name.equals(Keys.PRIVATE_FOLDER)) {
                        continue;
                    }
                    Optional<Entry> seen = isUtf8(entry) ? entry(folder, name)
                            : Optional.of(Entry.leftOut(name, "its name is not UTF-8, so it cannot be a key"));
                    seen.ifPresent(listed -> (listed.leftOut() == null ? entries : left).add(listed));
                }
                entries.sort(Comparator.comparing(Entry::sortedAs, KeyOrder.COMPARATOR));
                left.sort(Comparator.comparing(Entry::name, KeyOrder.COMPARATOR));
                left.forEach(entry -> skipped.skipped(String.join("/", below(names, entry.name())), entry.leftOut()));
                return entries;
            }
        } catch (IOException e) {
            throw DiskFailures.reading(e, tree.root().resolve(String.join("/", names)));
        } catch (DirectoryIteratorException e) {
            throw DiskFailures.reading(e.getCause(), tree.root().resolve(String.join("/", names)));
        }
    }

    /** Whether the system's name reads back as itself: one that is not UTF-8 does not, and cannot be a key. */
    private static boolean isUtf8(Path entry) {
        return Path.of(entry.toString()).equals(entry);
    }

    /** {@code name} in {@code folder}: a file or a folder, or what is left out and why; empty when it is gone. */
    private static Optional<Entry> entry(ContainedFolder folder, String name) throws IOException {
        Optional<BasicFileAttributes> what = folder.attributes(name);
        if (what.isEmpty()) {
            return Optional.empty(); // removed since the folder was read
        }
        BasicFileAttributes attributes = what.get();
        if (attributes.isRegularFile() || attributes.isDirectory()) {
            return Optional.of(new Entry(name, attributes.size(), attributes.isDirectory(), null));
        }
        return Optional.of(Entry.leftOut(name, attributes.isSymbolicLink() ? "a symbolic link, and links are not followed"
                : "a special file (a pipe, a socket or a device), not a regular file"));
    }

    /** The objects below a folder, depth first in key order, each folder read when the walk reaches it. */
    private final class Walk implements Iterator<ObjectEntry> {

        private final List<String> top;
        private final String start;
        private final Deque<Level> levels = new ArrayDeque<>();
        private boolean started;
        private ObjectEntry next;

        Walk(List<String> top, String start) {
            this.top = top;
            this.start = start;
        }

        @Override
        public boolean hasNext() {
            if (!started) {
                started = true;
                levels.push(new Level(top, entries(top, start).iterator()));
            }
            while (next == null && !levels.isEmpty()) {
                Level level = levels.peek();
                if (!level.entries().hasNext()) {
                    levels.pop();
                    continue;
                }
                Entry entry = level.entries().next();
                List<String> names = below(level.names(), entry.name());
                if (entry.folder()) {
                    levels.push(new Level(names, entries(names, "").iterator()));
                } else {
                    next = new ObjectEntry(String.join("/", names), entry.size());
                }
            }
            return next != null;
        }

        @Override
        public ObjectEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ObjectEntry object = next;
            next = null;
            return object;
        }
    }

    /** A folder being walked: where it is, and its entries not walked yet. */
    private record Level(List<String> names, Iterator<Entry> entries) {}
}
