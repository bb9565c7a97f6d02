package org.laionfmri.mirror.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code laion-mirror logout}: forgets a mirror's stored stimulus access. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Forgets the stimulus access stored for this mirror.")
final class LogoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOptions storage;

    @Option(names = "--local", description = "The mirror is run on this machine (its state is kept with the mirror).")
    boolean local;

    @Override
    public Integer call() {
        if (!local) {
            throw new ParameterException(spec.commandLine(), "forgetting access for a deployed stack is not available yet: use --local");
        }
        LocalMirror.withStateTable(storage, table -> {
            table.forgetAccess();
            return null;
        });
        spec.commandLine().getErr().println("No stimulus access is stored for " + storage.dest + " any more.");
        return 0;
    }
}
