package org.laionfmri.mirror.copy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.laionfmri.mirror.state.MirrorState;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;

/**
 * Whether a copy batch's run is still going, as its item says, read at most once every {@link #EVERY}
 * however often it is asked: a batch asks before each copy it starts, so a stopped run (or one that timed
 * out) stops copying within seconds, not when its batch ends, for a few reads per batch.
 */
public final class RunWatch implements BooleanSupplier {

    public static final Duration EVERY = Duration.ofSeconds(5);

    private final BooleanSupplier lookUp;
    private final Clock clock;
    private Instant nextLook = Instant.MIN;
    private boolean going = true;

    RunWatch(BooleanSupplier lookUp, Clock clock) {
        this.lookUp = lookUp;
        this.clock = clock;
    }

    /** The run {@code runId} of {@code table}: going while its item says RUNNING (or has no item to say otherwise). */
    public static RunWatch of(MirrorState table, String runId, Clock clock) {
        return new RunWatch(() -> table.run(runId).map(RunRecord::status).map(RunStatus.RUNNING::equals).orElse(true), clock);
    }

    @Override
    public synchronized boolean getAsBoolean() {
        Instant now = clock.instant();
        if (going && !now.isBefore(nextLook)) {
            going = lookUp.getAsBoolean();
            nextLook = now.plus(EVERY);
        }
        return going;
    }
}
