package org.laionfmri.mirror.plan;

import java.util.List;
import java.util.function.Consumer;
import org.laionfmri.mirror.error.NoMatchingData;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.selection.SourceLayout;
import org.laionfmri.mirror.selection.SubjectDiscovery;
import org.laionfmri.mirror.selection.Walk;
import org.laionfmri.mirror.selection.Walk.IfEmpty;
import org.laionfmri.mirror.storage.ObjectListing;

/**
 * Plans a run: lists the source and the mirror prefix by prefix (a few prefixes ahead of the join, see
 * {@link ReadAhead}), selects keys as the upstream package would, and merge-joins the two listings into
 * copy and skip decisions, streamed to a sink in key order. Memory stays at a few listing pages per side
 * whatever the bucket's size; an up-to-date mirror costs LIST requests only.
 */
public final class Planner {

    private final ObjectListing source;
    private final ObjectListing mirror;

    public Planner(ObjectListing source, ObjectListing mirror) {
        this.source = source;
        this.mirror = mirror;
    }

    /**
     * Streams the plan into {@code sink}. The sink sees items before the selection is known to be
     * valid: a sink that must not act on a failed plan stages them (the plan fails with {@link
     * NoMatchingData} only after listing).
     */
    public PlanSummary plan(MirrorRequest request, Consumer<PlanItem> sink) {
        List<String> subjects = SubjectDiscovery.subjectsOf(request, source);
        RequestedSessions sessions = new RequestedSessions(request.filters());
        Totals totals = new Totals(item -> {
            sessions.seen(item.key());
            sink.accept(item);
        });
        SubjectMatches subjectMatches = new SubjectMatches(subjects);
        try (ReadAhead walks = new ReadAhead(source, mirror, SourceLayout.walks(request, subjects))) {
            walks.forEach(started -> {
                Walk walk = started.walk();
                long selected = MergeJoin.join(started.source(), started.mirror(), walk.selects(), totals);
                if (walk.ifEmpty() == IfEmpty.MISSING_KEY && selected == 0) {
                    throw new NoMatchingData("The requested file " + walk.prefix() + " is not in the source bucket. Has it been uploaded yet?");
                }
                if (walk.ifEmpty() == IfEmpty.SUBJECT_UNMATCHED) {
                    subjectMatches.record(walk, selected);
                }
            });
        }
        subjectMatches.requireEach(request.filters());
        return new PlanSummary(subjects, totals.copyCount, totals.copyBytes, totals.skipCount, totals.skipBytes, sessions.warnings());
    }

    private static final class Totals implements Consumer<PlanItem> {
        private final Consumer<PlanItem> sink;
        private long copyCount;
        private long copyBytes;
        private long skipCount;
        private long skipBytes;

        Totals(Consumer<PlanItem> sink) {
            this.sink = sink;
        }

        @Override
        public void accept(PlanItem item) {
            if (item.action() == Action.COPY) {
                copyCount++;
                copyBytes += item.size();
            } else {
                skipCount++;
                skipBytes += item.size();
            }
            sink.accept(item);
        }
    }
}
