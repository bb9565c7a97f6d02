package org.laionfmri.mirror.local.state;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.laionfmri.mirror.error.MirrorBusy;
import org.laionfmri.mirror.state.RunRecord;

/**
 * Another laion-mirror command on a mirror's state, in a process of its own. {@code hold FOLDER} opens
 * the state for writing, starts a run and takes the lease, says {@link #HOLDING}, and holds the state
 * until its standard input ends; {@code try FOLDER} says whether it could open the state for writing
 * ({@link #OPENED}) or found it busy ({@link #BUSY}).
 */
public final class StateHolder {

    static final String HOLDING = "holding";
    static final String OPENED = "opened";
    static final String BUSY = "busy";
    static final String RUN = "run-of-another-process";

    private StateHolder() {}

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[1]);
        if (args[0].equals("try")) {
            try (FileMirrorState state = FileMirrorState.openForWriting(folder, "the held mirror")) {
                System.out.println(OPENED);
            } catch (MirrorBusy busy) {
                System.out.println(BUSY);
            }
            return;
        }
        try (FileMirrorState state = FileMirrorState.openForWriting(folder, "the held mirror")) {
            Instant now = Instant.now();
            state.startRun(RunRecord.started(RUN, "{}", "another", now));
            state.acquireLease(RUN, now, now.plusSeconds(3600));
            System.out.println(HOLDING);
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
