package org.laionfmri.mirror.state;

import java.time.Instant;

/**
 * The stored stimulus access: the access service's request id (a bearer secret, never shown: {@link
 * #toString()} leaves it out), the e-mail it was granted to, the terms version accepted, when saved.
 */
public record StimulusAccess(String requestId, String email, String termsVersion, Instant savedAt) {

    @Override
    public String toString() {
        return "StimulusAccess[email=" + email + ", termsVersion=" + termsVersion + ", savedAt=" + savedAt + ", requestId=(not shown)]";
    }
}
