package org.laionfmri.mirror.client;

import java.time.Instant;
import org.laionfmri.mirror.client.deployment.Deployment;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.state.StimulusAccess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code laion-mirror login}: stores the stimulus access service's request_id for a mirror, so its runs
 * can fetch the stimulus images. The id is a bearer secret: it is read from {@code LAION_FMRI_REQUEST_ID}
 * (as upstream reads it) or standard input, never an argument (shell histories and process lists keep
 * those), and never shown again.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Stores, for this mirror, the request_id the stimulus access service granted (from LAION_FMRI_REQUEST_ID or standard input).")
final class LoginCommand extends MirrorCommand {

    static final String REQUEST_ID_VARIABLE = "LAION_FMRI_REQUEST_ID";
    private static final int REQUEST_ID_LIMIT = 256;

    @Option(names = "--email", paramLabel = "EMAIL", description = "The e-mail the access was granted to (recorded with it).")
    String email = "";

    @Option(names = "--terms-version", paramLabel = "VERSION", description = "The terms version you accepted (recorded with it).")
    String termsVersion = "";

    @Override
    public Integer call() {
        mirror.validate();
        String requestId = System.getenv(REQUEST_ID_VARIABLE);
        if (requestId == null || requestId.isBlank()) {
            Prompt prompt = new Prompt(err());
            requestId = System.console() != null ? prompt.ask("request_id: ") : prompt.read();
        }
        requireRequestId(requestId);
        try (Deployment deployment = open(true)) {
            deployment.state().saveAccess(new StimulusAccess(requestId.strip(), email, termsVersion, Instant.now()));
            err().println("Stimulus access is stored for " + deployment.describe() + " (the request_id is not shown).");
        }
        return 0;
    }

    /** A request_id is one token on one line; it is never quoted back, so the message says what is wrong, not what was read. */
    static void requireRequestId(String requestId) {
        if (requestId == null || requestId.isBlank() || requestId.strip().length() > REQUEST_ID_LIMIT
                || requestId.strip().chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidRequest("request_id", REQUEST_ID_VARIABLE + " or standard input must hold the request_id, one token of at most "
                    + REQUEST_ID_LIMIT + " characters on one line (it is not shown here)");
        }
    }
}
