package org.laionfmri.mirror.client.commands;

import org.laionfmri.mirror.client.ExitCode;
import org.laionfmri.mirror.client.operations.MirrorAccess;
import org.laionfmri.mirror.client.operations.MirrorTarget;
import org.laionfmri.mirror.error.LicenseNotAccepted;
import org.laionfmri.mirror.licence.Cc0Licence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code laion-mirror accept-license}: shows the dataset's CC0 licence and records its acceptance for a mirror. */
@Command(name = "accept-license", mixinStandardHelpOptions = true,
        description = "Shows the LAION-fMRI CC0 licence and records, for this mirror, that you accept it (type I AGREE).")
final class AcceptLicenceCommand extends MirrorCommand {

    @Option(names = "--yes", description = "Accept without the prompt (for scripts): you have read the licence.")
    boolean yes;

    @Option(names = "--name", paramLabel = "NAME", description = "Your name, recorded with the acceptance (default: your user name).")
    String name = System.getProperty("user.name");

    @Override
    public Integer call() {
        MirrorTarget target = mirror.targetToMake(); // before the licence is shown: a mirror that cannot be made is one line
        err().println(Cc0Licence.text());
        if (!yes) {
            String answer = new Prompt(err()).ask("Type \"" + Cc0Licence.ACCEPT_PHRASE + "\" to accept: ");
            if (answer == null || !answer.equals(Cc0Licence.ACCEPT_PHRASE)) {
                throw new LicenseNotAccepted("The licence was not accepted (the answer must be exactly " + Cc0Licence.ACCEPT_PHRASE + ").");
            }
        }
        MirrorAccess.Accepted accepted = MirrorAccess.acceptLicence(target, name);
        err().println("The CC0 licence is accepted for " + accepted.mirror() + " (by " + accepted.acceptance().name() + ", "
                + accepted.acceptance().acceptedBy() + ", " + accepted.acceptance().acceptedAt() + ").");
        return ExitCode.OK;
    }
}
