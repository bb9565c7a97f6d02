package org.laionfmri.mirror.storage;

/** The source object is no longer the size the plan saw: copying it now would store something unplanned. */
public final class SourceChanged extends RuntimeException {

    public SourceChanged(long planned, long now) {
        super("SourceChanged (planned " + planned + " bytes, now " + now + ")");
    }

    public SourceChanged(String message) {
        super("SourceChanged (" + message + ")");
    }
}
