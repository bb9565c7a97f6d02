package org.laionfmri.mirror.error;

/**
 * A failure the workflow names and the client explains. Each subclass is named exactly as its error
 * ({@code InvalidRequest}, {@code IntegrityError}, ...): a Java Lambda reports the exception's fully
 * qualified class name as its error type, so the state machine catches {@code
 * org.laionfmri.mirror.error.InvalidRequest}, and {@link #errorName()} is the short name used in
 * reports and on the command line. Its message never carries a secret this process knows, however the
 * text was put together.
 */
public abstract class MirrorException extends RuntimeException {

    protected MirrorException(String message) {
        super(message);
    }

    /** The message, with the secrets this process knows redacted (see {@link Redaction}): it is read where it leaves the process. */
    @Override
    public String getMessage() {
        return Redaction.redact(super.getMessage());
    }

    /** The error's short name, e.g. {@code InvalidRequest}. */
    public String errorName() {
        return getClass().getSimpleName();
    }
}
