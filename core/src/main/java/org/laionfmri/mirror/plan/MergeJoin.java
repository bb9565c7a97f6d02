package org.laionfmri.mirror.plan;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.laionfmri.mirror.storage.KeyOrder;
import org.laionfmri.mirror.storage.ObjectEntry;

/**
 * Joins a source and a mirror listing, both in key order, in one pass, holding one page of each at a
 * time: every selected source object is paired with the mirror's object of its key, if any. For a plan,
 * a selected key is {@link Action#SKIP} when the mirror holds it with the same size, else {@link
 * Action#COPY}, and the mirror's listing is not read at all until a source key is selected; a check
 * also reads the mirror to its end, for the objects of selected keys that the source no longer holds.
 */
final class MergeJoin {

    private MergeJoin() {}

    /** What the join finds, key by key, in key order. */
    interface Pairs {

        /** A selected source object, and the mirror's object of its key (null when the mirror has none). */
        void selected(ObjectEntry source, ObjectEntry mirror);

        /** A mirror object of a key the walk selects that the source does not hold (a check's listing to the end only). */
        default void mirrorOnly(ObjectEntry mirror) {}
    }

    /** The plan's join: returns how many source keys were selected. */
    static long join(Iterator<List<ObjectEntry>> source, Iterator<List<ObjectEntry>> mirror,
            Predicate<String> selects, Consumer<PlanItem> out) {
        return join(source, mirror, selects, (entry, counterpart) -> out.accept(new PlanItem(entry.key(), entry.size(),
                counterpart != null && counterpart.size() == entry.size() ? Action.SKIP : Action.COPY)), false);
    }

    /** Returns how many source keys were selected; with {@code mirrorToTheEnd}, reports the mirror's objects the source lacks. */
    static long join(Iterator<List<ObjectEntry>> source, Iterator<List<ObjectEntry>> mirror, Predicate<String> selects, Pairs pairs,
            boolean mirrorToTheEnd) {
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
                mirrorOnly(mirrorCursor.next(), selects, pairs);
            }
            boolean present = mirrorCursor.hasNext() && mirrorCursor.peek().key().equals(entry.key());
            pairs.selected(entry, present ? mirrorCursor.next() : null);
        }
        while (mirrorToTheEnd && mirrorCursor.hasNext()) {
            mirrorOnly(mirrorCursor.next(), selects, pairs);
        }
        return selected;
    }

    private static void mirrorOnly(ObjectEntry mirror, Predicate<String> selects, Pairs pairs) {
        if (selects.test(mirror.key())) {
            pairs.mirrorOnly(mirror);
        }
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
