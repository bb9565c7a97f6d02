package org.laionfmri.mirror.error;

/**
 * A key that cannot be a path inside its root: no relative path of plain names ({@code ..}, {@code .},
 * empty names, an absolute path), which could leave the root, or a name no file can have there (a NUL,
 * more than 255 bytes, a directory store's private folder).
 */
public final class UnsafeKey extends MirrorException {

    public UnsafeKey(String message) {
        super(message);
    }
}
