package org.laionfmri.mirror.plan;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.laionfmri.mirror.storage.KeyOrder;
import org.laionfmri.mirror.storage.ObjectEntry;

/**
 * Joins a source and a mirror listing, both in key order, in one pass: every selected source key is
 * emitted as {@link Action#SKIP} when the mirror holds it with the same size, else as {@link
 * Action#COPY}. Holds one page of each listing at a time; the mirror is not listed at all until a
 * source key is selected.
 */
final class MergeJoin {

    private MergeJoin() {}

    /** Returns how many source keys were selected. */
    static long join(Iterator<List<ObjectEntry>> source, Iterator<List<ObjectEntry>> mirror,
            Predicate<String> selects, Consumer<PlanItem> out) {
        SortedCursor sourceCursor = new SortedCursor("source", source);
        SortedCursor mirrorCursor = new SortedCursor("mirror", mirror);
        long selected = 0;
        while (sourceCursor.hasNext()) {
            ObjectEntry entry = sourceCursor.next();
            if (!selects.test(entry.key())) {
                continue;
            }
            selected++;
            while (mirrorCursor.hasNext() && KeyOrder.compare(mirrorCursor.peek().key(), entry.key()) < 0) {
                mirrorCursor.next();
            }
            boolean present = mirrorCursor.hasNext()
                    && mirrorCursor.peek().key().equals(entry.key())
                    && mirrorCursor.peek().size() == entry.size();
            out.accept(new PlanItem(entry.key(), entry.size(), present ? Action.SKIP : Action.COPY));
        }
        return selected;
    }

    /** Walks a paged listing entry by entry, refusing one that is out of key order (the join would be wrong). */
    private static final class SortedCursor {
        private final String name;
        private final Iterator<List<ObjectEntry>> pages;
        private Iterator<ObjectEntry> page = List.<ObjectEntry>of().iterator();
        private ObjectEntry next;
        private String lastKey;

        SortedCursor(String name, Iterator<List<ObjectEntry>> pages) {
            this.name = name;
            this.pages = pages;
        }

        boolean hasNext() {
            while (next == null) {
                if (page.hasNext()) {
                    next = page.next();
                    if (lastKey != null && KeyOrder.compare(lastKey, next.key()) >= 0) {
                        throw new IllegalStateException("the " + name + " listing is not in key order: \""
                                + next.key() + "\" came after \"" + lastKey + "\"");
                    }
                    lastKey = next.key();
                } else if (pages.hasNext()) {
                    page = pages.next().iterator();
                } else {
                    return false;
                }
            }
            return true;
        }

        ObjectEntry peek() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return next;
        }

        ObjectEntry next() {
            ObjectEntry entry = peek();
            next = null;
            return entry;
        }
    }
}
