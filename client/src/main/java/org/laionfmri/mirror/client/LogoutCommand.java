package org.laionfmri.mirror.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code laion-mirror logout}: forgets a mirror's stored stimulus access. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Forgets the stimulus access stored for this mirror.")
final class LogoutCommand extends LocalStateCommand implements Callable<Integer> {


    @Override
    public Integer call() {
        requireLocal("forgetting access");
        LocalMirror.withStateTable(storage, table -> {
            table.forgetAccess();
            return null;
        });
        spec.commandLine().getErr().println("No stimulus access is stored for " + storage.dest + " any more.");
        return 0;
    }
}
