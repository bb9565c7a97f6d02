package org.laionfmri.mirror.selection;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.laionfmri.mirror.request.EmbeddingModel;
import org.laionfmri.mirror.request.FilterField;
import org.laionfmri.mirror.request.Filters;
import org.laionfmri.mirror.request.Includes;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.selection.Walk.IfEmpty;
import org.laionfmri.mirror.storage.KeyOrder;

/**
 * The bucket layout: which prefixes a request reads and which filters apply under each, as the
 * upstream package downloads them. "All filters" are those of {@code download()}: ses, task, space,
 * desc, stat, suffix, extension.
 *
 * <pre>
 * dataset files (README, ...)                 always            no filter
 * derivatives/glmsingle-tedana/{sub}/          always            all filters, R2mean map pinned
 * derivatives/rois/{sub}/                      always            all filters but ses
 * derivatives/freesurfer/{sub}/                freesurfer        none
 * derivatives/anatomical/{sub}/                anatomical        none
 * derivatives/localizers/{sub}/                localizers        none
 * {sub}/                                       raw               all filters
 * stimuli/task-images_desc-{MODEL}_embeddings.h5, captions, segmentations: exact keys
 * </pre>
 *
 * A raw-only request (upstream's {@code download_raw()}) reads the dataset files and each {@code {sub}/}
 * with its own filters (ses, task, run, echo, part, suffix, extension), nothing else. A request with no
 * subject reads only the stimulus files it names. Held-out sessions are dropped from every prefix first.
 */
public final class SourceLayout {

    public static final String GLMSINGLE = "derivatives/glmsingle-tedana";
    public static final String ROIS = "derivatives/rois";
    public static final String FREESURFER = "derivatives/freesurfer";
    public static final String ANATOMICAL = "derivatives/anatomical";
    public static final String LOCALIZERS = "derivatives/localizers";
    public static final String STIMULI = "stimuli";

    /** Part of every selection with subjects, never filtered. */
    public static final List<String> DATASET_KEYS =
            List.of("dataset_description.json", "participants.tsv", "participants.json", "README");

    /** Where subjects are discovered for {@code all}: the derivative trees and the raw tree at the root. */
    public static final List<String> SUBJECT_PARENTS =
            List.of(GLMSINGLE + "/", ROIS + "/", FREESURFER + "/", ANATOMICAL + "/", LOCALIZERS + "/", "");

    public static final String CAPTIONS_KEY = STIMULI + "/task-images_desc-captions.csv";
    public static final List<String> SEGMENTATION_KEYS = List.of(
            STIMULI + "/task-images_desc-segmentations.h5",
            STIMULI + "/task-images_desc-segmentations_metadata.csv");

    private static final Set<FilterField> DOWNLOAD_FILTERS = FilterField.forDownload(false);
    private static final Set<FilterField> ROI_FILTERS = without(DOWNLOAD_FILTERS, FilterField.SES);
    private static final Set<FilterField> RAW_ONLY_FILTERS = FilterField.forDownload(true);
    private static final Predicate<String> EVERYTHING = key -> true;

    private SourceLayout() {}

    public static String embeddingKey(EmbeddingModel model) {
        return STIMULI + "/task-images_desc-" + model.label() + "_embeddings.h5";
    }

    /** The subject-level mean R² map, kept whatever the filters when specific sessions are requested. */
    public static String pinnedKey(String subject) {
        return GLMSINGLE + "/" + subject + "/" + subject + "_task-images_space-T1w_stat-rsquare_desc-R2mean_statmap.nii.gz";
    }

    /**
     * The walks of a selection for the given subjects (those of the request, or all found), in key order
     * and with disjoint prefixes, so that their concatenated results are in key order too.
     */
    public static List<Walk> walks(MirrorRequest request, List<String> subjects) {
        List<Walk> walks = new ArrayList<>();
        if (!subjects.isEmpty()) {
            // upstream fetches the dataset files with each subject's data; its stimulus downloads fetch only their own files
            DATASET_KEYS.forEach(key -> walks.add(Walk.exactKey(Part.DATASET, key, IfEmpty.FINE)));
        }
        if (request.rawOnly()) {
            addRawOnly(walks, subjects, request.filters());
        } else {
            addDerivatives(walks, subjects, request.filters(), request.includes());
        }
        addStimulusFiles(walks, request.includes());
        walks.sort((a, b) -> KeyOrder.compare(a.prefix(), b.prefix()));
        requireDisjoint(walks);
        return List.copyOf(walks);
    }

    /** Upstream's {@code download_raw()}: each subject's raw tree alone, which decides "no matching data". */
    private static void addRawOnly(List<Walk> walks, List<String> subjects, Filters filters) {
        BidsFilter rawFilters = BidsFilter.of(filters, RAW_ONLY_FILTERS);
        subjects.forEach(subject -> walks.add(subjectWalk(Part.RAW, "", subject, rawFilters, IfEmpty.SUBJECT_UNMATCHED)));
    }

    private static void addDerivatives(List<Walk> walks, List<String> subjects, Filters filters, Includes includes) {
        boolean pinR2mean = BidsFilter.namesSpecificSessions(filters);
        BidsFilter downloadFilters = BidsFilter.of(filters, DOWNLOAD_FILTERS);
        BidsFilter roiFilters = BidsFilter.of(filters, ROI_FILTERS);
        // upstream raises "no matching data" only when no subject-level option could still bring files
        IfEmpty derivativesEmpty = includes.anySubjectLevel() ? IfEmpty.FINE : IfEmpty.SUBJECT_UNMATCHED;
        for (String subject : subjects) {
            String pinned = pinR2mean ? pinnedKey(subject) : null;
            walks.add(subjectWalk(Part.GLMSINGLE, GLMSINGLE + "/", subject,
                    key -> key.equals(pinned) || downloadFilters.test(key), derivativesEmpty));
            walks.add(subjectWalk(Part.ROIS, ROIS + "/", subject, roiFilters, derivativesEmpty));
            if (includes.freesurfer()) {
                walks.add(subjectWalk(Part.FREESURFER, FREESURFER + "/", subject, EVERYTHING, IfEmpty.FINE));
            }
            if (includes.anatomical()) {
                walks.add(subjectWalk(Part.ANATOMICAL, ANATOMICAL + "/", subject, EVERYTHING, IfEmpty.FINE));
            }
            if (includes.localizers()) {
                walks.add(subjectWalk(Part.LOCALIZERS, LOCALIZERS + "/", subject, EVERYTHING, IfEmpty.FINE));
            }
            if (includes.raw()) {
                walks.add(subjectWalk(Part.RAW, "", subject, downloadFilters, IfEmpty.FINE));
            }
        }
    }

    private static void addStimulusFiles(List<Walk> walks, Includes includes) {
        includes.embeddings().forEach(model -> walks.add(Walk.exactKey(Part.EMBEDDINGS, embeddingKey(model), IfEmpty.MISSING_KEY)));
        if (includes.captions()) {
            walks.add(Walk.exactKey(Part.CAPTIONS, CAPTIONS_KEY, IfEmpty.MISSING_KEY));
        }
        if (includes.segmentations()) {
            SEGMENTATION_KEYS.forEach(key -> walks.add(Walk.exactKey(Part.SEGMENTATIONS, key, IfEmpty.MISSING_KEY)));
        }
    }

    private static Walk subjectWalk(Part part, String parent, String subject, Predicate<String> filter, IfEmpty ifEmpty) {
        return new Walk(part, parent + subject + "/", key -> !HeldOutSessions.isHeldOut(key) && filter.test(key), subject, ifEmpty);
    }

    private static Set<FilterField> without(Set<FilterField> fields, FilterField removed) {
        EnumSet<FilterField> copy = EnumSet.copyOf(fields);
        copy.remove(removed);
        return copy;
    }

    private static void requireDisjoint(List<Walk> sorted) {
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).prefix().startsWith(sorted.get(i - 1).prefix())) {
                throw new IllegalStateException("overlapping walks: " + sorted.get(i - 1).prefix() + " and " + sorted.get(i).prefix());
            }
        }
    }
}
