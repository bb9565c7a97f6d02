package org.laionfmri.mirror.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.laionfmri.mirror.selection.Part;
import org.laionfmri.mirror.selection.Walk;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.ObjectListing;
import org.laionfmri.mirror.testing.ListOf;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** The listings of the walks to come, fetched ahead: each walk gets its own pages, in order, and a failed LIST stays itself. */
class ReadAheadTest {

    private static final List<Walk> WALKS = IntStream.range(0, 12)
            .mapToObj(i -> new Walk(Part.GLMSINGLE, String.format("sub-%02d/", i), key -> true, null, Walk.IfEmpty.FINE)).toList();

    @Test
    void eachWalkGetsItsOwnPagesInKeyOrderWalkAfterWalk() {
        List<ObjectEntry> source = new ArrayList<>();
        List<ObjectEntry> mirror = new ArrayList<>();
        for (Walk walk : WALKS) {
            for (int key = 0; key < 25; key++) {
                source.add(new ObjectEntry(walk.prefix() + String.format("file-%02d", key), key));
                if (key % 2 == 0) {
                    mirror.add(new ObjectEntry(walk.prefix() + String.format("file-%02d", key), key));
                }
            }
        }
        List<String> walked = new ArrayList<>();
        List<String> sourceKeys = new ArrayList<>();
        List<String> mirrorKeys = new ArrayList<>();

        try (ReadAhead ahead = new ReadAhead(new ListOf(source, 7), new ListOf(mirror, 3), WALKS)) {
            for (Optional<ReadAhead.Started> next = ahead.next(); next.isPresent(); next = ahead.next()) {
                walked.add(next.get().walk().prefix());
                next.get().source().forEachRemaining(page -> page.forEach(entry -> sourceKeys.add(entry.key())));
                next.get().mirror().forEachRemaining(page -> page.forEach(entry -> mirrorKeys.add(entry.key())));
            }
        }

        assertThat(walked).isEqualTo(WALKS.stream().map(Walk::prefix).toList());
        assertThat(sourceKeys).isEqualTo(source.stream().map(ObjectEntry::key).toList());
        assertThat(mirrorKeys).isEqualTo(mirror.stream().map(ObjectEntry::key).toList());
    }

    @Test
    void aListingThatFailsFailsThePlanWithItsOwnError() {
        ObjectListing missingMirror = new ObjectListing() {
            @Override
            public Iterator<List<ObjectEntry>> pages(String prefix) {
                if (!prefix.equals("sub-05/")) {
                    return List.<List<ObjectEntry>>of().iterator();
                }
                return new Iterator<>() { // as the SDK's paginator: the LIST is sent, and fails, on the first hasNext
                    @Override
                    public boolean hasNext() {
                        throw NoSuchBucketException.builder().message("The specified bucket does not exist").build();
                    }

                    @Override
                    public List<ObjectEntry> next() {
                        throw new AssertionError("hasNext failed");
                    }
                };
            }

            @Override
            public List<String> childPrefixes(String prefix) {
                return List.of();
            }
        };
        List<ObjectEntry> source = WALKS.stream().map(walk -> new ObjectEntry(walk.prefix() + "file", 1)).toList();

        assertThatThrownBy(() -> {
            try (ReadAhead ahead = new ReadAhead(ListOf.entries(source), missingMirror, WALKS)) {
                for (Optional<ReadAhead.Started> next = ahead.next(); next.isPresent(); next = ahead.next()) {
                    MergeJoin.join(next.get().source(), next.get().mirror(), key -> true, item -> {});
                }
            }
        }).isInstanceOf(NoSuchBucketException.class).hasMessage("The specified bucket does not exist");
    }
}
