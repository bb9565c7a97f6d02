package org.laionfmri.mirror.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.laionfmri.mirror.error.InvalidRequest;

/**
 * The optional parts of the dataset a request asks for, beyond the GLMsingle and ROI derivatives a
 * subject's download always brings.
 */
public record Includes(
        boolean stimuli,
        Set<EmbeddingModel> embeddings,
        boolean captions,
        boolean segmentations,
        boolean freesurfer,
        boolean anatomical,
        boolean raw,
        boolean localizers) {

    /** The options that read each subject's own tree, by their request names. */
    public static final Set<String> SUBJECT_LEVEL = Set.of("freesurfer", "anatomical", "raw", "localizers");

    public Includes {
        embeddings = Collections.unmodifiableSet(embeddings.isEmpty() ? EnumSet.noneOf(EmbeddingModel.class) : EnumSet.copyOf(embeddings));
    }

    public static Includes nothing() {
        return new Includes(false, Set.of(), false, false, false, false, false, false);
    }

    /** The options that are set, by their request names ({@code include.<name>}), in the request's order. */
    public List<String> set() {
        List<String> names = new ArrayList<>();
        addIf(names, stimuli, "stimuli");
        addIf(names, !embeddings.isEmpty(), "embeddings");
        addIf(names, captions, "captions");
        addIf(names, segmentations, "segmentations");
        addIf(names, freesurfer, "freesurfer");
        addIf(names, anatomical, "anatomical");
        addIf(names, raw, "raw");
        addIf(names, localizers, "localizers");
        return names;
    }

    /**
     * Whether a subject-level option is set; upstream raises "no matching data" only when none is, since
     * those prefixes may still bring files.
     */
    public boolean anySubjectLevel() {
        return set().stream().anyMatch(SUBJECT_LEVEL::contains);
    }

    /**
     * Whether a stimulus file is asked for (the images, embeddings, captions or segmentations): upstream
     * downloads each of these on its own too, with no subject.
     */
    public boolean anyStimulusFiles() {
        return stimuli || !embeddings.isEmpty() || captions || segmentations;
    }

    /** The embedding models named by labels; {@code ["all"]} means every model, an empty list none. */
    public static Set<EmbeddingModel> embeddingModels(List<String> labels) {
        if (labels.contains(SubjectSelection.ALL)) {
            if (labels.size() > 1) {
                throw new InvalidRequest("include.embeddings", "\"all\" cannot be combined with model names");
            }
            return EnumSet.allOf(EmbeddingModel.class);
        }
        EnumSet<EmbeddingModel> models = EnumSet.noneOf(EmbeddingModel.class);
        for (int i = 0; i < labels.size(); i++) {
            models.add(EmbeddingModel.byLabel("include.embeddings[" + i + "]", labels.get(i)));
        }
        return models;
    }

    private static void addIf(List<String> names, boolean set, String name) {
        if (set) {
            names.add(name);
        }
    }
}
