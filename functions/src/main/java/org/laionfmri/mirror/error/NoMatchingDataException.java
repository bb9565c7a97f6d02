package org.laionfmri.mirror.error;

/** The selection matched nothing the upstream package would have downloaded. */
public final class NoMatchingDataException extends MirrorException {

    public NoMatchingDataException(String message) {
        super(message);
    }
}
