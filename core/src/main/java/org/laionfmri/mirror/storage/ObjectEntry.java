package org.laionfmri.mirror.storage;

/** One object of a listing: its key relative to the listed root, and its size in bytes. */
public record ObjectEntry(String key, long size) {}
