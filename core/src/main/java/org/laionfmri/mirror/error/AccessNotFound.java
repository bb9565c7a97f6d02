package org.laionfmri.mirror.error;

/** No usable stimulus access: no request_id is stored, or the access service does not know it (unknown or expired). */
public final class AccessNotFound extends MirrorException {

    public AccessNotFound(String message) {
        super(message);
    }
}
