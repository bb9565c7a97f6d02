package org.laionfmri.mirror.local.state;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.laionfmri.mirror.state.RunRecord;

/**
 * Another laion-mirror command holding a mirror's state, in a process of its own: opens the state in
 * the folder given for writing, starts a run and takes the lease, says {@link #HOLDING}, and holds the
 * state until its standard input ends.
 */
public final class StateHolder {

    static final String HOLDING = "holding";
    static final String RUN = "run-of-another-process";

    private StateHolder() {}

    public static void main(String[] args) throws IOException {
        try (FileMirrorState state = FileMirrorState.openForWriting(Path.of(args[0]), "the held mirror")) {
            Instant now = Instant.now();
            state.startRun(RunRecord.started(RUN, "{}", "another", now));
            state.acquireLease(RUN, now, now.plusSeconds(3600));
            System.out.println(HOLDING);
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
