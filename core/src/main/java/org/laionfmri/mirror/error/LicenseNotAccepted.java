package org.laionfmri.mirror.error;

/** The dataset's CC0 licence has not been accepted for this mirror. */
public final class LicenseNotAccepted extends MirrorException {

    public LicenseNotAccepted(String message) {
        super(message);
    }
}
