package org.laionfmri.mirror.client;

import org.laionfmri.mirror.client.deployment.Deployment;
import picocli.CommandLine.Command;

/** {@code laion-mirror logout}: forgets a mirror's stored stimulus access. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Forgets the stimulus access stored for this mirror.")
final class LogoutCommand extends MirrorCommand {

    @Override
    public Integer call() {
        try (Deployment deployment = open(false)) {
            deployment.state().forgetAccess();
            err().println("No stimulus access is stored for " + deployment.describe() + " any more.");
        }
        return 0;
    }
}
