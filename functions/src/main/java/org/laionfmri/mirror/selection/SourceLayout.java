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
import org.laionfmri.mirror.storage.KeyOrder;

/**
 * The bucket layout: which prefixes a request reads and which filters apply under each, as the
 * upstream package downloads them.
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
 * Held-out sessions are dropped from every prefix first.
 */
public final class SourceLayout {

    public static final String GLMSINGLE = "derivatives/glmsingle-tedana";
    public static final String ROIS = "derivatives/rois";
    public static final String FREESURFER = "derivatives/freesurfer";
    public static final String ANATOMICAL = "derivatives/anatomical";
    public static final String LOCALIZERS = "derivatives/localizers";
    public static final String STIMULI = "stimuli";

    /** Always part of a selection, never filtered. */
    public static final List<String> DATASET_KEYS =
            List.of("dataset_description.json", "participants.tsv", "participants.json", "README");

    /** Where subjects are discovered for {@code all}: the derivative trees and the raw tree at the root. */
    public static final List<String> SUBJECT_PARENTS =
            List.of(GLMSINGLE + "/", ROIS + "/", FREESURFER + "/", ANATOMICAL + "/", LOCALIZERS + "/", "");

    public static final String CAPTIONS_KEY = STIMULI + "/task-images_desc-captions.csv";
    public static final List<String> SEGMENTATION_KEYS = List.of(
            STIMULI + "/task-images_desc-segmentations.h5",
            STIMULI + "/task-images_desc-segmentations_metadata.csv");

    private static final Set<FilterField> ALL_FILTERS = EnumSet.allOf(FilterField.class);
    private static final Set<FilterField> ALL_BUT_SESSION = EnumSet.complementOf(EnumSet.of(FilterField.SES));
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
     * The walks of a selection, in key order and with disjoint prefixes, so that their concatenated
     * results are in key order too.
     */
    public static List<Walk> walks(List<String> subjects, Filters filters, Includes includes) {
        List<Walk> walks = new ArrayList<>();
        DATASET_KEYS.forEach(key -> walks.add(Walk.exactKey(Part.DATASET, key, false)));
        boolean pinR2mean = BidsFilter.namesSpecificSessions(filters);
        BidsFilter allFilters = BidsFilter.of(filters, ALL_FILTERS);
        BidsFilter roiFilters = BidsFilter.of(filters, ALL_BUT_SESSION);
        for (String subject : subjects) {
            String pinned = pinR2mean ? pinnedKey(subject) : null;
            walks.add(subjectWalk(Part.GLMSINGLE, GLMSINGLE + "/", subject, key -> key.equals(pinned) || allFilters.test(key)));
            walks.add(subjectWalk(Part.ROIS, ROIS + "/", subject, roiFilters));
            if (includes.freesurfer()) {
                walks.add(subjectWalk(Part.FREESURFER, FREESURFER + "/", subject, EVERYTHING));
            }
            if (includes.anatomical()) {
                walks.add(subjectWalk(Part.ANATOMICAL, ANATOMICAL + "/", subject, EVERYTHING));
            }
            if (includes.localizers()) {
                walks.add(subjectWalk(Part.LOCALIZERS, LOCALIZERS + "/", subject, EVERYTHING));
            }
            if (includes.raw()) {
                walks.add(subjectWalk(Part.RAW, "", subject, allFilters));
            }
        }
        includes.embeddings().forEach(model -> walks.add(Walk.exactKey(Part.EMBEDDINGS, embeddingKey(model), true)));
        if (includes.captions()) {
            walks.add(Walk.exactKey(Part.CAPTIONS, CAPTIONS_KEY, true));
        }
        if (includes.segmentations()) {
            SEGMENTATION_KEYS.forEach(key -> walks.add(Walk.exactKey(Part.SEGMENTATIONS, key, true)));
        }
        walks.sort((a, b) -> KeyOrder.compare(a.prefix(), b.prefix()));
        requireDisjoint(walks);
        return List.copyOf(walks);
    }

    private static Walk subjectWalk(Part part, String parent, String subject, Predicate<String> filter) {
        return new Walk(part, parent + subject + "/", key -> !HeldOutSessions.isHeldOut(key) && filter.test(key), subject, false);
    }

    private static void requireDisjoint(List<Walk> sorted) {
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).prefix().startsWith(sorted.get(i - 1).prefix())) {
                throw new IllegalStateException("overlapping walks: " + sorted.get(i - 1).prefix() + " and " + sorted.get(i).prefix());
            }
        }
    }
}
