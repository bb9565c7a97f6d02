package org.laionfmri.mirror.client.operations;

import java.time.Duration;
import org.laionfmri.mirror.state.RunRecord;

/** Told, now and then, how far a run or a pull has come: objects and bytes done of those planned, {@code elapsed} since it began. */
@FunctionalInterface
public interface ProgressListener {

    void progressed(RunRecord.Progress progress, Duration elapsed);
}
