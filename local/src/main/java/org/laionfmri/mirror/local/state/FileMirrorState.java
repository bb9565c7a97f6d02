package org.laionfmri.mirror.local.state;

import java.nio.file.Path;
import java.time.Instant;
import org.laionfmri.mirror.state.MirrorState;

/** PLACEHOLDER until the state backend lands. */
public abstract class FileMirrorState implements MirrorState, AutoCloseable {
    public static boolean exists(Path folder) {
        throw new UnsupportedOperationException("not yet");
    }

    public static FileMirrorState openForWriting(Path folder, String mirrorName) {
        throw new UnsupportedOperationException("not yet");
    }

    public static FileMirrorState openForReading(Path folder, String mirrorName) {
        throw new UnsupportedOperationException("not yet");
    }

    public abstract void abandonInterruptedRuns(Instant now);

    @Override
    public abstract void close();
}
