package org.laionfmri.mirror.error;

/** Another run holds the mirror's lease: two runs never copy into one mirror at once. */
public final class MirrorBusy extends MirrorException {

    public MirrorBusy(String message) {
        super(message);
    }
}
