package org.laionfmri.mirror.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.laionfmri.mirror.copy.CopyItem;
import org.laionfmri.mirror.copy.CopyProgress;
import org.laionfmri.mirror.state.MirrorState;

/**
 * A run's live progress, as a batch's copies complete: added up here and written to the run's record at
 * most once per {@code every} (a DynamoDB write per object would cost more than the copy), and whatever
 * is left when the batch ends.
 */
public final class RunProgress implements CopyProgress, AutoCloseable {

    private final MirrorState state;
    private final String runId;
    private final Clock clock;
    private final Duration every;
    private long copied;
    private long bytes;
    private Instant lastWrite;

    public RunProgress(MirrorState state, String runId, Clock clock, Duration every) {
        this.state = state;
        this.runId = runId;
        this.clock = clock;
        this.every = every;
        this.lastWrite = clock.instant();
    }

    @Override
    public synchronized void copied(CopyItem item) {
        copied++;
        bytes += item.size();
        if (!clock.instant().isBefore(lastWrite.plus(every))) {
            write();
        }
    }

    private void write() {
        if (copied > 0) {
            state.addProgress(runId, copied, bytes);
        }
        copied = 0;
        bytes = 0;
        lastWrite = clock.instant();
    }

    /** Writes what is not written yet. */
    @Override
    public synchronized void close() {
        write();
    }
}
