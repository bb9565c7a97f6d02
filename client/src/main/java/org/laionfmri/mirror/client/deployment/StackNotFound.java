package org.laionfmri.mirror.client.deployment;

import org.laionfmri.mirror.error.MirrorException;

/** No deployed stack answers to the name in the region (or it lacks the outputs the client needs). */
public final class StackNotFound extends MirrorException {

    public StackNotFound(String message) {
        super(message);
    }
}
