package org.laionfmri.mirror.selection;

import java.util.regex.Pattern;

/**
 * How the upstream package reads a bucket key: entity tokens anywhere in the key, the suffix and
 * extension from the file name alone.
 */
public final class BidsKey {

    private static final String TOKEN_START = "(?:^|[/_])";
    private static final String TOKEN_END = "(?=[_./]|$)";

    private BidsKey() {}

    /** The part after the last {@code /}. */
    public static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** Everything after the first dot of the file name, without the dot; empty when there is none. */
    public static String extension(String key) {
        String name = fileName(key);
        int dot = name.indexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    /** The last {@code _}-separated token before the first dot of the file name (the whole part if it has no {@code _}). */
    public static String suffix(String key) {
        String name = fileName(key);
        int dot = name.indexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        return base.substring(base.lastIndexOf('_') + 1);
    }

    /** Matches keys that carry the entity: {@code entity-<alnum>+} bounded by start, {@code /} or {@code _} and {@code _}, {@code .}, {@code /} or end. */
    public static Pattern carrying(String entity) {
        return Pattern.compile(TOKEN_START + Pattern.quote(entity) + "-[A-Za-z0-9]+" + TOKEN_END);
    }

    /** Matches keys holding the exact token {@code entity-value} with the same boundaries. */
    public static Pattern token(String entity, String value) {
        return Pattern.compile(TOKEN_START + Pattern.quote(entity + "-" + value) + TOKEN_END);
    }
}
