package org.laionfmri.mirror.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A batch asks whether its run goes on before every copy; the run's item is read a few times a batch, not once an object. */
class RunWatchTest {

    @Test
    void readsTheRunAtMostOnceEveryFewSecondsAndStaysStoppedOnceItIs() {
        MovingClock clock = new MovingClock();
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        RunWatch watch = new RunWatch(() -> {
            reads.incrementAndGet();
            return running.get();
        }, clock);

        for (int object = 0; object < 100; object++) {
            assertThat(watch.getAsBoolean()).isTrue();
        }
        assertThat(reads).hasValue(1);

        running.set(false);
        clock.now = clock.now.plus(RunWatch.EVERY).minusMillis(1);
        assertThat(watch.getAsBoolean()).as("not read again yet").isTrue();
        clock.now = clock.now.plusMillis(1);
        assertThat(watch.getAsBoolean()).isFalse();
        running.set(true);
        clock.now = clock.now.plus(RunWatch.EVERY.multipliedBy(3));
        assertThat(watch.getAsBoolean()).as("an ended run does not come back").isFalse();
        assertThat(reads).hasValue(2);
    }

    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-06T03:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
