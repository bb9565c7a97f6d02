package org.laionfmri.mirror.testing;

import java.nio.file.Path;
import java.util.List;
import org.laionfmri.mirror.state.StimulusAccess;

/** The processes this one starts (Node.js for the local state, npm to install it) get none of its secrets. */
public final class ChildProcesses {

    private ChildProcesses() {}

    /** {@code command} to run in {@code directory}, with this process's environment but the request_id variable. */
    public static ProcessBuilder builder(Path directory, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().remove(StimulusAccess.REQUEST_ID_VARIABLE);
        return builder;
    }
}
