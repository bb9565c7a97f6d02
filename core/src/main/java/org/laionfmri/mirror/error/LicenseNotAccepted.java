package org.laionfmri.mirror.error;

/**
 * The dataset's CC0 licence has not been accepted for this mirror. Our names spell "licence"; this one
 * keeps the spelling it was published with (the design's error names), since the class's name is the
 * error a Lambda reports and scripts match.
 */
public final class LicenseNotAccepted extends MirrorException {

    public LicenseNotAccepted(String message) {
        super(message);
    }
}
