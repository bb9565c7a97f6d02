package org.laionfmri.mirror.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.laionfmri.mirror.request.FilterField;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.ObjectListing;

/**
 * Plans a million keys in a heap far too small to hold either listing (the {@code small-heap} surefire
 * execution runs this class alone with {@code -Xmx64m}): the planner must stream.
 */
@Tag("small-heap")
class PlannerMemoryTest {

    private static final int SESSIONS = 20;
    private static final int RUNS_PER_SESSION = 50_000;
    private static final long KEYS = (long) SESSIONS * RUNS_PER_SESSION;
    private static final String ROOT = "derivatives/glmsingle-tedana/sub-01/";

    @Test
    void streamsAMillionKeysInOnePageOfMemory() {
        assertThat(Runtime.getRuntime().maxMemory()).as("heap of the small-heap execution").isLessThanOrEqualTo(64L << 20);
        Map<Long, Action> sample = new TreeMap<>(Map.of(0L, Action.COPY, 3L, Action.SKIP, 5L, Action.COPY,
                123_459L, Action.SKIP, 777_778L, Action.COPY, KEYS - 1, Action.SKIP));
        Map<String, Long> sampleKeys = new TreeMap<>();
        sample.keySet().forEach(index -> sampleKeys.put(key(index), index));
        Map<Long, Action> seen = new TreeMap<>();
        long[] emitted = {0};
        List<String> sessions = new ArrayList<>();
        for (int session = 1; session <= SESSIONS; session++) {
            sessions.add(String.format("%02d", session));
        }

        PlanSummary summary = new Planner(new Generated(false), new Generated(true)).plan(
                MirrorRequest.builder().subjects(List.of("sub-01")).filter(FilterField.SES, sessions).build(),
                item -> {
                    emitted[0]++;
                    Long index = sampleKeys.get(item.key());
                    if (index != null) {
                        seen.put(index, item.action());
                    }
                });

        long skipped = (KEYS + 2) / 3 - (KEYS + 5) / 6;
        assertThat(emitted[0]).isEqualTo(KEYS);
        assertThat(summary.selectedCount()).isEqualTo(KEYS);
        assertThat(summary.skipCount()).isEqualTo(skipped);
        assertThat(summary.copyCount()).isEqualTo(KEYS - skipped);
        assertThat(seen).isEqualTo(sample);
    }

    /** Key {@code i}: zero-padded so generation order is key order. */
    private static String key(long index) {
        long session = index / RUNS_PER_SESSION + 1;
        long run = index % RUNS_PER_SESSION;
        return String.format("%sses-%02d/func/sub-01_ses-%02d_task-images_run-%06d_stat-effect_statmap.nii.gz",
                ROOT, session, session, run);
    }

    private static long size(long index) {
        return 1_000 + index % 7;
    }

    /**
     * A million-key listing made on the fly, a thousand keys a page. The mirror holds every third key,
     * with the wrong size on every sixth, so a third of those are copied again.
     */
    private record Generated(boolean mirror) implements ObjectListing {

        @Override
        public Iterator<List<ObjectEntry>> pages(String prefix) {
            boolean covers = ROOT.startsWith(prefix) || prefix.startsWith(ROOT);
            return new Iterator<>() {
                private long next;

                @Override
                public boolean hasNext() {
                    return covers && next < KEYS;
                }

                @Override
                public List<ObjectEntry> next() {
                    List<ObjectEntry> page = new ArrayList<>(1000);
                    while (page.size() < 1000 && next < KEYS) {
                        long index = next++;
                        if (!mirror) {
                            page.add(new ObjectEntry(key(index), size(index)));
                        } else if (index % 3 == 0) {
                            page.add(new ObjectEntry(key(index), index % 6 == 0 ? size(index) + 1 : size(index)));
                        }
                    }
                    return page;
                }
            };
        }

        @Override
        public List<String> childPrefixes(String prefix) {
            return List.of();
        }
    }
}
