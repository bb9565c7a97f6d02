package org.laionfmri.mirror.error;

/** The selection matched nothing the upstream package would have downloaded. */
public final class NoMatchingData extends MirrorException {

    public NoMatchingData(String message) {
        super(message);
    }
}
