package org.laionfmri.mirror.request;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.laionfmri.mirror.error.InvalidRequest;

/**
 * The BIDS filters of a request. An absent filter lets everything through; a present one holds the
 * accepted values as given (an empty list matches nothing). Immutable.
 */
public final class Filters {

    private static final Filters NONE = new Filters(new EnumMap<>(FilterField.class));

    private final Map<FilterField, List<String>> values;

    private Filters(EnumMap<FilterField, List<String>> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Filters none() {
        return NONE;
    }

    /** The values of one filter, or empty when the filter is not set. */
    public Optional<List<String>> values(FilterField field) {
        return Optional.ofNullable(values.get(field));
    }

    /** The filters that are set, in field order. */
    public Map<FilterField, List<String>> active() {
        return values;
    }

    /** A copy with one filter set to the given values, each checked to be a plain token. */
    public Filters with(FilterField field, List<String> fieldValues) {
        String name = "filters." + field.fieldName();
        if (fieldValues == null) {
            throw new InvalidRequest(name, "must be a string or a list of strings, not null");
        }
        for (int i = 0; i < fieldValues.size(); i++) {
            PlainToken.require(name + "[" + i + "]", fieldValues.get(i));
        }
        EnumMap<FilterField, List<String>> copy = new EnumMap<>(FilterField.class);
        copy.putAll(values);
        copy.put(field, List.copyOf(fieldValues));
        return new Filters(copy);
    }

    /**
     * Refuses, naming it, a set filter the download does not take: upstream's {@code download()} has no
     * run, echo or part, its raw-only {@code download_raw()} no space, desc or stat.
     */
    void requireTakenBy(boolean rawOnly) {
        for (FilterField field : values.keySet()) {
            if (!field.takenBy(rawOnly)) {
                throw new InvalidRequest("filters." + field.fieldName(), rawOnly
                        ? "is not a filter of a raw-only download, which takes "
                                + FilterField.forDownload(true).stream().map(FilterField::fieldName).collect(Collectors.joining(", "))
                        : "is a filter of the raw-only download only (\"rawOnly\": true)");
            }
        }
    }

    /** The active filters as {@code ses=['04'], suffix=['statmap']}, or {@code none}, as upstream prints them. */
    public String describe() {
        if (values.isEmpty()) {
            return "none";
        }
        StringJoiner joined = new StringJoiner(", ");
        values.forEach((field, list) -> {
            StringJoiner items = new StringJoiner(", ", "[", "]");
            list.forEach(value -> items.add("'" + value + "'"));
            joined.add(field.fieldName() + "=" + items);
        });
        return joined.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Filters that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
