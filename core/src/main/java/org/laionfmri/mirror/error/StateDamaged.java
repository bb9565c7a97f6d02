package org.laionfmri.mirror.error;

/** A local mirror's state, made earlier, cannot be read: nothing is changed, and the message says how to recover. */
public final class StateDamaged extends MirrorException {

    public StateDamaged(String message) {
        super(message);
    }
}
