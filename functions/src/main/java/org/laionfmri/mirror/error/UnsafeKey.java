package org.laionfmri.mirror.error;

/** A key that is no relative path of plain names ({@code ..}, {@code .}, empty names, an absolute path): written as it is, it could leave its root. */
public final class UnsafeKey extends MirrorException {

    public UnsafeKey(String message) {
        super(message);
    }
}
