package org.laionfmri.mirror.client;

/** What {@code laion-mirror} exits with, for scripts; the errors a command throws are mapped to these in {@link LaionMirror}. */
public final class ExitCode {

    /** Done, as asked. */
    public static final int OK = 0;
    /** A run that failed (no matching data, storage errors), a mirror that differs, a run not running to stop. */
    public static final int FAILED = 1;
    /** Invalid input: nothing was done. */
    public static final int INVALID = 2;

    private ExitCode() {}
}
