package org.laionfmri.mirror.state;

import java.time.Instant;

/**
 * The stored stimulus access: the access service's request id (a bearer secret, never shown: {@link
 * #toString()} leaves it out), the e-mail it was granted to, the terms version accepted, when saved.
 */
public record StimulusAccess(String requestId, String email, String termsVersion, Instant savedAt) {

    /** The environment variable that gives a request_id, as upstream reads it: never handed on to a process this one starts. */
    public static final String REQUEST_ID_VARIABLE = "LAION_FMRI_REQUEST_ID";

    @Override
    public String toString() {
        return "StimulusAccess[email=" + email + ", termsVersion=" + termsVersion + ", savedAt=" + savedAt + ", requestId=(not shown)]";
    }
}
