package org.laionfmri.mirror.copy;

/** The source object is no longer the size the plan saw: copying it now would store something unplanned. */
final class SourceChanged extends RuntimeException {

    SourceChanged(long planned, long now) {
        super("SourceChanged (planned " + planned + " bytes, now " + now + ")");
    }
}
