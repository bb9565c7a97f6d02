package org.laionfmri.mirror.testing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.ObjectListing;

/**
 * An {@link ObjectListing} over entries held in memory, paged like S3 (at most {@code pageSize} keys a
 * page). It counts the pages it serves, so a test can see what was listed.
 */
public final class ListOf implements ObjectListing {

    private final List<ObjectEntry> sorted;
    private final int pageSize;
    private final AtomicInteger pagesServed = new AtomicInteger(); // listings are read from the planner's read-ahead threads

    public ListOf(List<ObjectEntry> sorted, int pageSize) {
        this.sorted = List.copyOf(sorted);
        this.pageSize = pageSize;
    }

    public static ListOf entries(List<ObjectEntry> sorted) {
        return new ListOf(sorted, 1000);
    }

    public int pagesServed() {
        return pagesServed.get();
    }

    @Override
    public Iterator<List<ObjectEntry>> pages(String prefix) {
        List<ObjectEntry> matching = sorted.stream().filter(entry -> entry.key().startsWith(prefix)).toList();
        return new Iterator<>() {
            private int offset;

            @Override
            public boolean hasNext() {
                return offset == 0 || offset < matching.size();
            }

            @Override
            public List<ObjectEntry> next() {
                List<ObjectEntry> page = matching.subList(offset, Math.min(matching.size(), offset + pageSize));
                offset = Math.max(offset + pageSize, 1);
                pagesServed.incrementAndGet();
                return page;
            }
        };
    }

    @Override
    public List<String> childPrefixes(String prefix) {
        List<String> children = new ArrayList<>();
        for (ObjectEntry entry : sorted) {
            if (entry.key().startsWith(prefix)) {
                int slash = entry.key().indexOf('/', prefix.length());
                if (slash >= 0) {
                    String child = entry.key().substring(0, slash + 1);
                    if (!children.contains(child)) {
                        children.add(child);
                    }
                }
            }
        }
        return children;
    }
}
