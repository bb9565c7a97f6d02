package org.laionfmri.mirror.copy;

import java.time.Duration;
import java.time.Instant;

/**
 * When a copy batch must wind down: after {@code stopStarting} no further copy is started, and at
 * {@code giveUp} the copies still in flight are cancelled. What was not copied comes back as pending,
 * for the next run, rather than being lost when the function runs out of time.
 */
public record Deadline(Instant stopStarting, Instant giveUp) {

    private static final Duration LAST_MOMENT = Duration.ofSeconds(30);

    /** No limit: a batch on this machine runs to its end. */
    public static Deadline none() {
        return new Deadline(Instant.MAX, Instant.MAX);
    }

    /**
     * For a function with {@code remaining} time from {@code now}: starts copies during the first three
     * quarters of it, and gives up on those in flight shortly before the end (a tenth, at most 30 s, is
     * left to report).
     */
    public static Deadline within(Instant now, Duration remaining) {
        Duration reserve = remaining.dividedBy(10).compareTo(LAST_MOMENT) < 0 ? remaining.dividedBy(10) : LAST_MOMENT;
        return new Deadline(now.plus(remaining.multipliedBy(3).dividedBy(4)), now.plus(remaining).minus(reserve));
    }
}
