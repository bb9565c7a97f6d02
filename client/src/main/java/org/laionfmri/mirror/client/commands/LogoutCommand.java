package org.laionfmri.mirror.client.commands;

import org.laionfmri.mirror.client.ExitCode;
import org.laionfmri.mirror.client.operations.MirrorAccess;
import picocli.CommandLine.Command;

/** {@code laion-mirror logout}: forgets a mirror's stored stimulus access. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Forgets the stimulus access stored for this mirror.")
final class LogoutCommand extends MirrorCommand {

    @Override
    public Integer call() {
        String forgotten = MirrorAccess.forgetAccess(mirror.target());
        err().println("No stimulus access is stored for " + forgotten + " any more.");
        return ExitCode.OK;
    }
}
