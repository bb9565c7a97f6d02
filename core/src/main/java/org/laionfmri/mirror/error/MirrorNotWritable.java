package org.laionfmri.mirror.error;

/** The workflow cannot write into the mirror (its role, the bucket policy or the KMS key policy refuses): checked before any copy. */
public final class MirrorNotWritable extends MirrorException {

    public MirrorNotWritable(String message) {
        super(message);
    }
}
