package org.laionfmri.mirror.request;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.laionfmri.mirror.error.InvalidRequest;

/** The stimulus embedding models published in the bucket, in the upstream order. Labels are case-sensitive. */
public enum EmbeddingModel {
    CLIP("CLIP"),
    DINOV2("DINOv2"),
    PECORE("PEcore"),
    SIGLIP2("SigLIP2");

    private final String label;

    EmbeddingModel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static EmbeddingModel byLabel(String field, String label) {
        PlainToken.require(field, label);
        for (EmbeddingModel model : values()) {
            if (model.label.equals(label)) {
                return model;
            }
        }
        throw new InvalidRequest(field, "unknown embedding model " + PlainToken.quote(label)
                + "; available: " + Arrays.stream(values()).map(EmbeddingModel::label).collect(Collectors.joining(", ")));
    }
}
