package org.laionfmri.mirror.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.state.StimulusAccess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code laion-mirror login}: stores the stimulus access service's request_id for a mirror, so its runs
 * can fetch the stimulus images. The id is a bearer secret: it is read from standard input (never an
 * argument, which shell histories and process lists keep) and never shown again.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Stores, for this mirror, the request_id the stimulus access service granted (read from standard input).")
final class LoginCommand extends LocalStateCommand implements Callable<Integer> {


    @Option(names = "--email", paramLabel = "EMAIL", description = "The e-mail the access was granted to (recorded with it).")
    String email = "";

    @Option(names = "--terms-version", paramLabel = "VERSION", description = "The terms version you accepted (recorded with it).")
    String termsVersion = "";

    @Override
    public Integer call() throws IOException {
        requireLocal("storing access");
        spec.commandLine().getErr().print("request_id: ");
        spec.commandLine().getErr().flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        String requestId = line == null ? "" : line.strip();
        if (requestId.isEmpty() || requestId.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidRequest("request_id", "standard input must hold the request_id on one line (it is not shown here)");
        }
        LocalMirror.withStateTable(storage, table -> {
            table.saveAccess(new StimulusAccess(requestId, email, termsVersion, Instant.now()));
            return null;
        });
        spec.commandLine().getErr().println("Stimulus access is stored for " + storage.dest + " (the request_id is not shown).");
        return 0;
    }
}
