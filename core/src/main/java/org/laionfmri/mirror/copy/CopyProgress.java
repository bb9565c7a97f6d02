package org.laionfmri.mirror.copy;

/** Hears of each object as its copy completes (from the copies' threads, concurrently). */
@FunctionalInterface
public interface CopyProgress {

    CopyProgress NONE = item -> { };

    void copied(CopyItem item);
}
