package org.laionfmri.mirror.local.state;

/** A mirror's stored state could not be read; the reason is said for people ("its state.json is truncated ..."). */
class Unreadable extends Exception {

    Unreadable(String reason) {
        super(reason);
    }

    /** The state was written by a newer laion-mirror, in a format this one does not know: not damage, and not to be moved aside. */
    static final class NewerFormat extends Unreadable {

        NewerFormat(String reason) {
            super(reason);
        }
    }
}
