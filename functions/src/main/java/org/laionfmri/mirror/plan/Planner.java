package org.laionfmri.mirror.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.laionfmri.mirror.error.NoMatchingData;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.selection.SourceLayout;
import org.laionfmri.mirror.selection.SubjectDiscovery;
import org.laionfmri.mirror.selection.Walk;
import org.laionfmri.mirror.storage.ObjectListing;

/**
 * Plans a run: lists the source and the mirror prefix by prefix, selects keys as the upstream package
 * would, and merge-joins the two listings into copy and skip decisions, streamed to a sink in key
 * order. Memory stays at one listing page per side whatever the bucket's size; an up-to-date mirror
 * costs LIST requests only.
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
        List<String> subjects = request.subjects().all() ? SubjectDiscovery.discover(source) : request.subjects().ids();
        RequestedSessions sessions = new RequestedSessions(request.filters());
        Totals totals = new Totals(item -> {
            sessions.seen(item.key());
            sink.accept(item);
        });
        Map<String, Long> subjectMatches = new LinkedHashMap<>();
        subjects.forEach(subject -> subjectMatches.put(subject, 0L));
        for (Walk walk : SourceLayout.walks(subjects, request.filters(), request.includes())) {
            long selected = MergeJoin.join(source.pages(walk.prefix()), mirror.pages(walk.prefix()), walk.selects(), totals);
            if (walk.required() && selected == 0) {
                throw new NoMatchingData("The requested file " + walk.prefix()
                        + " is not in the source bucket. Has it been uploaded yet?");
            }
            if (walk.part().countsAsSubjectData()) {
                subjectMatches.merge(walk.subject(), selected, Long::sum);
            }
        }
        if (!request.includes().anySubjectLevel()) {
            subjectMatches.forEach((subject, matched) -> {
                if (matched == 0) {
                    throw new NoMatchingData("No LAION-fMRI files matched subject='" + subject + "' with filters ("
                            + request.filters().describe() + ") under " + SourceLayout.GLMSINGLE + "/" + subject + "/ or "
                            + SourceLayout.ROIS + "/" + subject + "/. Check the subject ID and BIDS filters.");
                }
            });
        }
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
