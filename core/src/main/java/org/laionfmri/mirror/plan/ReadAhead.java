package org.laionfmri.mirror.plan;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.laionfmri.mirror.selection.Walk;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.ObjectListing;

/**
 * The listings of the walks to come, started a few walks ahead of the join, so that LIST round trips
 * overlap instead of queueing one behind the other (a selection of every subject and include is some
 * ninety of them): each walk's source and mirror listings fetch their first page in the background as
 * the walk is started, and each page handed to the join starts the fetch of the next. Pages still
 * arrive in key order, walk after walk. Memory: two pages a side for each walk under way, at most
 * {@link #WALKS_AHEAD} walks, whatever the bucket's size.
 */
final class ReadAhead implements AutoCloseable {

    static final int WALKS_AHEAD = 4;

    /** A walk whose listings are under way. */
    record Started(Walk walk, Iterator<List<ObjectEntry>> source, Iterator<List<ObjectEntry>> mirror) {}

    private final ObjectListing source;
    private final ObjectListing mirror;
    private final Iterator<Walk> toStart;
    private final Deque<Started> started = new ArrayDeque<>();
    // a page fetch at most per listing: two a walk
    private final ExecutorService fetches = Executors.newFixedThreadPool(2 * WALKS_AHEAD, work -> {
        Thread thread = new Thread(work, "listing-read-ahead");
        thread.setDaemon(true);
        return thread;
    });

    ReadAhead(ObjectListing source, ObjectListing mirror, List<Walk> walks) {
        this.source = source;
        this.mirror = mirror;
        this.toStart = walks.iterator();
    }

    /** Hands each walk, its listings under way, to {@code join}, in order. */
    void forEach(Consumer<Started> join) {
        for (Optional<Started> next = next(); next.isPresent(); next = next()) {
            join.accept(next.get());
        }
    }

    /** The next walk, its listings started (and those of the few after it); empty after the last. */
    Optional<Started> next() {
        while (started.size() < WALKS_AHEAD && toStart.hasNext()) {
            Walk walk = toStart.next();
            started.add(new Started(walk, new Prefetched(source.pages(walk.prefix())), new Prefetched(mirror.pages(walk.prefix()))));
        }
        return Optional.ofNullable(started.poll());
    }

    /** Stops what is still being fetched (a plan that failed part way needs none of it). */
    @Override
    public void close() {
        fetches.shutdownNow();
    }

    /** A listing whose next page is always being fetched; the listing itself is only ever read by one fetch at a time. */
    private final class Prefetched implements Iterator<List<ObjectEntry>> {

        private final Iterator<List<ObjectEntry>> pages;
        private CompletableFuture<Optional<List<ObjectEntry>>> next;

        Prefetched(Iterator<List<ObjectEntry>> pages) {
            this.pages = pages;
            this.next = fetch();
        }

        @Override
        public boolean hasNext() {
            return fetched().isPresent();
        }

        @Override
        public List<ObjectEntry> next() {
            List<ObjectEntry> page = fetched().orElseThrow(NoSuchElementException::new);
            next = fetch();
            return page;
        }

        private CompletableFuture<Optional<List<ObjectEntry>>> fetch() {
            return CompletableFuture.supplyAsync(() -> pages.hasNext() ? Optional.of(pages.next()) : Optional.empty(), fetches);
        }

        /** The page fetched, or the listing's own failure (a NoSuchBucket stays a NoSuchBucket). */
        private Optional<List<ObjectEntry>> fetched() {
            try {
                return next.join();
            } catch (CompletionException failed) {
                if (failed.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                if (failed.getCause() instanceof Error cause) {
                    throw cause;
                }
                throw failed;
            }
        }
    }
}
