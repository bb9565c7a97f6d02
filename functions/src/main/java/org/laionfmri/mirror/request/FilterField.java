package org.laionfmri.mirror.request;

/** The BIDS filters the upstream {@code download()} accepts, by their request and CLI name. */
public enum FilterField {
    SES("ses"),
    TASK("task"),
    SPACE("space"),
    DESC("desc"),
    STAT("stat"),
    SUFFIX("suffix"),
    EXTENSION("extension");

    private final String fieldName;

    FilterField(String fieldName) {
        this.fieldName = fieldName;
    }

    /** The name used in the request JSON, the CLI ({@code --ses}) and BIDS entity tokens ({@code ses-04}). */
    public String fieldName() {
        return fieldName;
    }
}
