package org.laionfmri.mirror.client;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command on a mirror's state (licence, stimulus access): the mirror's location, and where it runs. */
abstract class LocalStateCommand {

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOptions storage;

    @Option(names = "--local", description = "The mirror is run on this machine (its state is kept with the mirror).")
    boolean local;

    /** Only local mirrors so far: a deployed stack's state is not reachable from the client yet. */
    void requireLocal(String action) {
        if (!local) {
            throw new ParameterException(spec.commandLine(), action + " for a deployed stack is not available yet: use --local");
        }
    }
}
