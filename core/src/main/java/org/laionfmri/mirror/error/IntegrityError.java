package org.laionfmri.mirror.error;

/** A downloaded file did not have the size or sha256 it was announced with; nothing was stored. */
public final class IntegrityError extends MirrorException {

    public IntegrityError(String message) {
        super(message);
    }
}
