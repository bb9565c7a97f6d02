package org.laionfmri.mirror.error;

/** The access service revoked this mirror's stimulus access. */
public final class AccessRevoked extends MirrorException {

    public AccessRevoked(String message) {
        super(message);
    }
}
