package org.laionfmri.mirror.client.deployment;

import org.laionfmri.mirror.error.MirrorException;

/** A command that reads a local mirror's state was pointed where no mirror has been made. */
public final class NoSuchMirror extends MirrorException {

    public NoSuchMirror(String message) {
        super(message);
    }
}
