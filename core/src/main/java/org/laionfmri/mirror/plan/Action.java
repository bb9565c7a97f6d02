package org.laionfmri.mirror.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a run does with a selected key. */
public enum Action {
    /** Missing from the mirror, or there with another size. */
    COPY,
    /** Already in the mirror with the source's size. */
    SKIP;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
