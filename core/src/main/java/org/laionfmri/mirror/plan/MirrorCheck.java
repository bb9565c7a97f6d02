package org.laionfmri.mirror.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.selection.SourceLayout;
import org.laionfmri.mirror.selection.SubjectDiscovery;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.ObjectListing;

/**
 * Compares a mirror with its source for a selection, like {@code rclone check}: the selected objects the
 * mirror lacks, those it holds with another size, and what it holds under the selection that the source
 * no longer has. LIST requests only, a few walks' listings read ahead (see {@link ReadAhead}).
 */
public final class MirrorCheck {

    private final ObjectListing source;
    private final ObjectListing mirror;

    public MirrorCheck(ObjectListing source, ObjectListing mirror) {
        this.source = source;
        this.mirror = mirror;
    }

    /** What differs, and how many selected objects were compared. */
    public record Differences(long compared, List<ObjectEntry> missing, List<Resized> resized, List<ObjectEntry> stale) {

        public Differences {
            missing = List.copyOf(missing);
            resized = List.copyOf(resized);
            stale = List.copyOf(stale);
        }

        public boolean none() {
            return missing.isEmpty() && resized.isEmpty() && stale.isEmpty();
        }
    }

    /** A key the mirror holds with another size than the source's. */
    public record Resized(String key, long sourceSize, long mirrorSize) {}

    public Differences check(MirrorRequest request) {
        List<String> subjects = SubjectDiscovery.subjectsOf(request, source);
        List<ObjectEntry> missing = new ArrayList<>();
        List<Resized> resized = new ArrayList<>();
        List<ObjectEntry> stale = new ArrayList<>();
        AtomicLong compared = new AtomicLong();
        MergeJoin.Pairs pairs = new MergeJoin.Pairs() {
            @Override
            public void selected(ObjectEntry entry, ObjectEntry counterpart) {
                compared.incrementAndGet();
                if (counterpart == null) {
                    missing.add(entry);
                } else if (counterpart.size() != entry.size()) {
                    resized.add(new Resized(entry.key(), entry.size(), counterpart.size()));
                }
            }

            @Override
            public void mirrorOnly(ObjectEntry counterpart) {
                stale.add(counterpart);
            }
        };
        try (ReadAhead walks = new ReadAhead(source, mirror, SourceLayout.walks(request, subjects))) {
            walks.forEach(started -> MergeJoin.join(started.source(), started.mirror(), started.walk().selects(), pairs, true));
        }
        return new Differences(compared.get(), missing, resized, stale);
    }
}
