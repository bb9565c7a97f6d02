package org.laionfmri.mirror.storage;

/** A key that cannot name an object of the store: a directory refuses one that would leave it, or name no file. */
public final class InvalidKey extends RuntimeException {

    public InvalidKey(String message) {
        super(message);
    }
}
