package org.laionfmri.mirror.selection;

/** The parts of the dataset a selection walks, each under its own prefix. */
public enum Part {
    DATASET,
    GLMSINGLE,
    ROIS,
    FREESURFER,
    ANATOMICAL,
    LOCALIZERS,
    RAW,
    EMBEDDINGS,
    CAPTIONS,
    SEGMENTATIONS
}
