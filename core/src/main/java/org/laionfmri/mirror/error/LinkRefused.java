package org.laionfmri.mirror.error;

/** A link stands where a folder is needed under a root: it is never followed, so nothing under it is written. */
public final class LinkRefused extends MirrorException {

    public LinkRefused(String message) {
        super(message);
    }
}
