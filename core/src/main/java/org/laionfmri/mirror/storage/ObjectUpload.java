package org.laionfmri.mirror.storage;

import java.io.OutputStream;

/**
 * An object written as a stream of unknown length. It appears only on {@link #commit()}; {@link
 * #abort()}, or closing without a commit, leaves nothing where the object would be, and an object
 * already there untouched.
 */
public interface ObjectUpload extends AutoCloseable {

    OutputStream stream();

    /** Ends the stream and waits until the object is stored. */
    void commit();

    /** Abandons the upload: no object is stored. */
    void abort();

    /** Aborts the upload unless it was committed. */
    @Override
    void close();
}
