package org.laionfmri.mirror.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.laionfmri.mirror.error.LicenseNotAccepted;
import org.laionfmri.mirror.licence.Cc0Licence;
import org.laionfmri.mirror.state.LicenceAcceptance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code laion-mirror accept-license}: shows the dataset's CC0 licence and records its acceptance for a mirror. */
@Command(name = "accept-license", mixinStandardHelpOptions = true,
        description = "Shows the LAION-fMRI CC0 licence and records, for this mirror, that you accept it (type I AGREE).")
final class AcceptLicenseCommand extends LocalStateCommand implements Callable<Integer> {


    @Option(names = "--yes", description = "Accept without the prompt (for scripts): you have read the licence.")
    boolean yes;

    @Option(names = "--name", paramLabel = "NAME", description = "Your name, recorded with the acceptance (default: your user name).")
    String name = System.getProperty("user.name");

    @Override
    public Integer call() throws IOException {
        requireLocal("accepting");
        PrintWriter err = spec.commandLine().getErr();
        err.println(Cc0Licence.text());
        if (!yes) {
            err.print("Type \"" + Cc0Licence.ACCEPT_PHRASE + "\" to accept: ");
            err.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (answer == null || !answer.strip().equals(Cc0Licence.ACCEPT_PHRASE)) {
                throw new LicenseNotAccepted("The licence was not accepted (the answer must be exactly " + Cc0Licence.ACCEPT_PHRASE + ").");
            }
        }
        LicenceAcceptance acceptance = LocalMirror.withStateTable(storage, table -> new Cc0Licence(table, Clock.systemUTC()).accept(caller(), name));
        err.println("The CC0 licence is accepted for " + storage.dest + " (by " + acceptance.name() + ", " + acceptance.acceptedBy()
                + ", " + acceptance.acceptedAt() + ").");
        return 0;
    }

    private static String caller() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException unknown) {
            host = "localhost";
        }
        return "local:" + System.getProperty("user.name") + "@" + host;
    }
}
