package org.laionfmri.mirror.copy;

/** One object to copy: its key (relative to the source and the mirror roots) and its size in the source. */
public record CopyItem(String key, long size) {}
