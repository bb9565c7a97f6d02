package org.laionfmri.mirror.storage;

/** The object is not in the store. */
public final class NoSuchObject extends RuntimeException {

    public NoSuchObject(String message) {
        super(message);
    }
}
