package org.laionfmri.mirror.client.commands;

import java.util.regex.Pattern;
import org.laionfmri.mirror.client.ExitCode;
import org.laionfmri.mirror.client.operations.MirrorAccess;
import org.laionfmri.mirror.client.operations.MirrorTarget;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.stimuli.AccessForm;
import org.laionfmri.mirror.stimuli.AccessServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code laion-mirror request-access}: the access service's Data Use Agreement form, as upstream's
 * {@code request-access} walks a person through it (each answer can be given as a flag, for scripts);
 * the request_id granted is stored for the mirror as {@code login} stores one, and never shown.
 */
@Command(name = "request-access", mixinStandardHelpOptions = true,
        description = "Requests access to the stimulus images (the Data Use Agreement form) and stores the request_id granted for this mirror.")
final class RequestAccessCommand extends MirrorCommand {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final String ACCEPT_PHRASE = "I ACCEPT";

    @Option(names = "--name", paramLabel = "NAME", description = "Your full name.")
    String name;

    @Option(names = "--email", paramLabel = "EMAIL", description = "Your institutional e-mail.")
    String email;

    @Option(names = "--institution", paramLabel = "INSTITUTION", description = "Your institution.")
    String institution;

    @Option(names = "--pi", paramLabel = "NAME", description = "Your PI or supervisor (optional).")
    String pi;

    @Option(names = "--purpose", paramLabel = "TEXT", description = "What you will use the stimulus images for.")
    String purpose;

    @Option(names = "--accept-terms", description = "Accept the current terms and the privacy notice without the prompt (you have read them).")
    boolean acceptTerms;

    @Override
    public Integer call() {
        MirrorTarget target = mirror.target();
        if (email != null) {
            requireEmail(email.strip()); // what was given is checked before anything is asked of the service
        }
        AccessServiceClient service = target.accessServiceClient();
        String termsVersion = service.manifest().currentTermsVersion();
        Prompt prompt = new Prompt(err());
        String asName = required("--name", name, prompt, "Full name: ");
        String asEmail = requireEmail(required("--email", email, prompt, "Institutional e-mail: "));
        String asInstitution = required("--institution", institution, prompt, "Institution: ");
        String asPi = pi != null ? pi : orEmpty(prompt.ask("PI or supervisor (optional): "));
        String asPurpose = required("--purpose", purpose, prompt, "Research purpose: ");
        if (!acceptTerms) {
            err().println("The stimulus images are not CC0: the Data Use Agreement forbids sharing them beyond the person who accepts it.");
            err().println("Terms (version " + termsVersion + "): " + service.page("/terms") + "   Privacy notice: " + service.page("/privacy"));
            String answer = prompt.ask("Type \"" + ACCEPT_PHRASE + "\" to accept the terms and acknowledge the privacy notice: ");
            if (!ACCEPT_PHRASE.equals(answer)) {
                throw new InvalidRequest("--accept-terms", "the terms were not accepted (the answer must be exactly " + ACCEPT_PHRASE + ")");
            }
        }
        MirrorAccess.Granted granted = MirrorAccess.requestAccess(mirror.targetToMake(), service,
                new AccessForm(asName, asEmail, asInstitution, asPi, asPurpose, termsVersion));
        err().println("Stimulus access is granted" + (granted.grant().expiresAt().isEmpty() ? "" : " until " + granted.grant().expiresAt())
                + " and stored for " + granted.mirror() + " (the request_id is not shown). Runs with --include-stimuli can fetch the images now.");
        return ExitCode.OK;
    }

    private static String requireEmail(String email) {
        if (!EMAIL.matcher(email).matches()) {
            throw new InvalidRequest("--email", "\"" + email + "\" is not an e-mail address");
        }
        return email;
    }

    /** A flag's value, or the answer to its question; missing either way is invalid input naming the flag. */
    private static String required(String flag, String given, Prompt prompt, String question) {
        String value = given != null ? given.strip() : orEmpty(prompt.ask(question));
        if (value.isEmpty()) {
            throw new InvalidRequest(flag, "is required (give it as a flag, or answer the question)");
        }
        return value;
    }

    private static String orEmpty(String answer) {
        return answer == null ? "" : answer;
    }
}
