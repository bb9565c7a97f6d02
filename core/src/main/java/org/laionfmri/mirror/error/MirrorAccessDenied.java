package org.laionfmri.mirror.error;

/** The mirror refused a step's read or write of one of the workflow's own objects (a policy, not a missing object). */
public final class MirrorAccessDenied extends MirrorException {

    public MirrorAccessDenied(String message) {
        super(message);
    }
}
