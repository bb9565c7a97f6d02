package org.laionfmri.mirror.request;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The BIDS filters the upstream package accepts, by their request and CLI name: {@code download()}
 * takes ses, task, space, desc, stat, suffix and extension; the raw-only {@code download_raw()} takes
 * ses, task, run, echo, part, suffix and extension.
 */
public enum FilterField {
    SES("ses", true, true),
    TASK("task", true, true),
    SPACE("space", true, false),
    DESC("desc", true, false),
    STAT("stat", true, false),
    RUN("run", false, true),
    ECHO("echo", false, true),
    PART("part", false, true),
    SUFFIX("suffix", true, true),
    EXTENSION("extension", true, true);

    private final String fieldName;
    private final boolean inDownload;
    private final boolean inRawOnly;

    FilterField(String fieldName, boolean inDownload, boolean inRawOnly) {
        this.fieldName = fieldName;
        this.inDownload = inDownload;
        this.inRawOnly = inRawOnly;
    }

    /** The name used in the request JSON, the CLI ({@code --ses}) and BIDS entity tokens ({@code ses-04}). */
    public String fieldName() {
        return fieldName;
    }

    /** Whether the download takes this filter: {@code download()}, or {@code download_raw()} when raw-only. */
    public boolean takenBy(boolean rawOnly) {
        return rawOnly ? inRawOnly : inDownload;
    }

    /** The filters one kind of download takes, in field order. */
    public static Set<FilterField> forDownload(boolean rawOnly) {
        return Arrays.stream(values()).filter(field -> field.takenBy(rawOnly))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(FilterField.class)));
    }
}
