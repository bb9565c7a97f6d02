package org.laionfmri.mirror.plan;

import java.util.ArrayList;
import java.util.List;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.selection.SourceLayout;
import org.laionfmri.mirror.selection.SubjectDiscovery;
import org.laionfmri.mirror.selection.Walk;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.ObjectListing;

/**
 * Compares a mirror with its source for a selection, like {@code rclone check}: the selected objects the
 * mirror lacks, those it holds with another size, and what it holds under the selection that the source
 * no longer has. LIST requests only, one page of each listing at a time.
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
        List<String> subjects = request.subjects().all() ? SubjectDiscovery.discover(source) : request.subjects().ids();
        List<ObjectEntry> missing = new ArrayList<>();
        List<Resized> resized = new ArrayList<>();
        List<ObjectEntry> stale = new ArrayList<>();
        long compared = 0;
        MergeJoin.Pairs pairs = new MergeJoin.Pairs() {
            @Override
            public void selected(ObjectEntry entry, ObjectEntry counterpart) {
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
        for (Walk walk : SourceLayout.walks(request, subjects)) {
            compared += MergeJoin.join(source.pages(walk.prefix()), mirror.pages(walk.prefix()), walk.selects(), pairs, true);
        }
        return new Differences(compared, missing, resized, stale);
    }
}
