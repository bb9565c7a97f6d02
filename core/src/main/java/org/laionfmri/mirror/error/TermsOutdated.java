package org.laionfmri.mirror.error;

/** The stimulus terms changed since they were accepted: the operator must accept the new version. */
public final class TermsOutdated extends MirrorException {

    private final String acceptUrl;
    private final String currentTermsVersion;

    public TermsOutdated(String acceptUrl, String currentTermsVersion) {
        super("The stimulus terms changed (current version: " + currentTermsVersion + "). Accept them at " + acceptUrl
                + ", then run the sync again.");
        this.acceptUrl = acceptUrl;
        this.currentTermsVersion = currentTermsVersion;
    }

    public String acceptUrl() {
        return acceptUrl;
    }

    public String currentTermsVersion() {
        return currentTermsVersion;
    }
}
