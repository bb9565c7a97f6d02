package org.laionfmri.mirror.stimuli;

/** A stimulus file as the public manifest announces it. */
public record StimulusFile(String name, long size, String sha256) {}
