package org.laionfmri.mirror.client.commands;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.laionfmri.mirror.client.ExitCode;
import org.laionfmri.mirror.client.operations.MirrorAccess;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.error.Redaction;
import org.laionfmri.mirror.state.StimulusAccess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code laion-mirror login}: stores the stimulus access service's request_id for a mirror, so its runs
 * can fetch the stimulus images. The id is a bearer secret: it is read from {@code LAION_FMRI_REQUEST_ID}
 * (as upstream reads it) or standard input (unechoed on a terminal), never an argument (shell histories
 * and process lists keep those), and never shown again. It is one line of printable ASCII with no space
 * (a final newline trimmed); several lines, control characters or anything that is not ASCII (invalid
 * UTF-8 included) are invalid input, said without the value.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Stores, for this mirror, the request_id the stimulus access service granted (from LAION_FMRI_REQUEST_ID or standard input).")
final class LoginCommand extends MirrorCommand {

    private static final int REQUEST_ID_LIMIT = 256;

    @Option(names = "--email", paramLabel = "EMAIL", description = "The e-mail the access was granted to (recorded with it).")
    String email = "";

    @Option(names = "--terms-version", paramLabel = "VERSION", description = "The terms version you accepted (recorded with it).")
    String termsVersion = "";

    @Override
    public Integer call() throws IOException {
        mirror.validate();
        String given = System.getenv(StimulusAccess.REQUEST_ID_VARIABLE);
        String requestId = given != null && !given.isEmpty() ? requestId(given.getBytes(StandardCharsets.UTF_8), StimulusAccess.REQUEST_ID_VARIABLE)
                : requestId(typed(), "standard input");
        String stored = MirrorAccess.storeAccess(mirror.targetToMake(), new StimulusAccess(requestId, email, termsVersion, Instant.now()));
        err().println("Stimulus access is stored for " + stored + " (the request_id is not shown).");
        return ExitCode.OK;
    }

    /** What was typed (unechoed on a terminal) or piped on standard input, up to a little more than an id can be. */
    private byte[] typed() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] line = console.readPassword("request_id: ");
            return line == null ? new byte[0] : new String(line).getBytes(StandardCharsets.UTF_8);
        }
        return System.in.readNBytes(REQUEST_ID_LIMIT + 3);
    }

    /**
     * The request_id in {@code given}: one line of printable ASCII with no space, a final newline trimmed.
     * It is never quoted back, so the message says what is wrong, not what was read; once read it is
     * redacted from everything this command says.
     */
    private static String requestId(byte[] given, String source) {
        int length = given.length;
        if (length > 0 && given[length - 1] == '\n') {
            length -= length > 1 && given[length - 2] == '\r' ? 2 : 1;
        }
        String requestId = new String(given, 0, length, StandardCharsets.ISO_8859_1);
        if (requestId.isEmpty()) {
            throw new InvalidRequest("request_id", "none was given: set " + StimulusAccess.REQUEST_ID_VARIABLE + ", or give it on standard input"
                    + " (one line)");
        }
        String wrong = length > REQUEST_ID_LIMIT ? "is longer than " + REQUEST_ID_LIMIT + " characters"
                : requestId.indexOf('\n') >= 0 ? "holds several lines"
                : requestId.chars().anyMatch(c -> c > 0x7e) ? "holds a character that is not ASCII (or is not UTF-8)"
                : requestId.chars().anyMatch(c -> c == ' ') ? "holds a space"
                : requestId.chars().anyMatch(c -> c < 0x20 || c == 0x7f) ? "holds a control character"
                : null;
        if (wrong != null) {
            throw new InvalidRequest("request_id", "what " + source + " gave " + wrong + " (it is not shown): a request_id is one line of printable"
                    + " ASCII, at most " + REQUEST_ID_LIMIT + " characters, with no space");
        }
        Redaction.protect(requestId);
        return requestId;
    }
}
