package org.laionfmri.mirror.engine;

import java.time.Duration;

/** Waits between retries: really in a run, on record in tests of the retry timing. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = delay -> Thread.sleep(delay.toMillis());

    void sleep(Duration delay) throws InterruptedException;
}
