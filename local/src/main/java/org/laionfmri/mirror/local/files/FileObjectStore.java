package org.laionfmri.mirror.local.files;

import java.nio.file.Path;
import org.laionfmri.mirror.storage.ObjectStore;

/** PLACEHOLDER until the filesystem backend lands. */
public abstract class FileObjectStore implements ObjectStore {
    public static FileObjectStore of(Path root, String bucketName) {
        throw new UnsupportedOperationException("not yet");
    }

    public abstract void removeTemporaries();
}
