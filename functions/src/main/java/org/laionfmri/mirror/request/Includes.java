package org.laionfmri.mirror.request;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.laionfmri.mirror.error.InvalidRequest;

/**
 * The optional parts of the dataset a request asks for, beyond the always-mirrored GLMsingle and ROI
 * derivatives.
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

    public Includes {
        embeddings = Collections.unmodifiableSet(embeddings.isEmpty() ? EnumSet.noneOf(EmbeddingModel.class) : EnumSet.copyOf(embeddings));
    }

    public static Includes nothing() {
        return new Includes(false, Set.of(), false, false, false, false, false, false);
    }

    /**
     * Whether a subject-level option is set; upstream raises "no matching data" only when none is, since
     * those prefixes may still bring files.
     */
    public boolean anySubjectLevel() {
        return freesurfer || anatomical || raw || localizers;
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
}
