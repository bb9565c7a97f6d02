package org.laionfmri.mirror.stimuli;

/** What the access service grants: the request id (a bearer secret, never shown: {@link #toString()} leaves it out) and when it expires. */
public record AccessGrant(String requestId, String expiresAt) {

    @Override
    public String toString() {
        return "AccessGrant[expiresAt=" + expiresAt + ", requestId=(not shown)]";
    }
}
