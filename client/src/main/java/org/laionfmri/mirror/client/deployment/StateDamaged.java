package org.laionfmri.mirror.client.deployment;

import org.laionfmri.mirror.error.MirrorException;

/** A local mirror's state store, made earlier, cannot be read: nothing is changed, and the message says how to recover. */
public final class StateDamaged extends MirrorException {

    public StateDamaged(String message) {
        super(message);
    }
}
