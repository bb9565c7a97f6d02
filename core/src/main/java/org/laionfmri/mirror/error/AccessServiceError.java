package org.laionfmri.mirror.error;

/** The access service could not be reached or answered with an error (rate limits included). */
public final class AccessServiceError extends MirrorException {

    public AccessServiceError(String message) {
        super(message);
    }
}
