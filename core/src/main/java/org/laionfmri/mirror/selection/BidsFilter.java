package org.laionfmri.mirror.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.laionfmri.mirror.request.FilterField;
import org.laionfmri.mirror.request.Filters;

/**
 * The upstream BIDS filter, compiled once per request and prefix. Filters combine with AND, the values
 * of one filter with OR.
 *
 * <ul>
 *   <li>{@code ses} is strict: a key carrying a session passes only if that session is requested; a key
 *       without one passes only if {@code averages} is requested.
 *   <li>{@code task}, {@code space}, {@code desc}, {@code stat} (and, raw-only, {@code run}, {@code echo},
 *       {@code part}) are permissive: a key that does not carry the entity passes.
 *   <li>{@code suffix} and {@code extension} read the file name only; a {@code .json} sidecar whose
 *       suffix passes an active suffix filter is exempt from the extension filter.
 * </ul>
 *
 * Entity values lose a leading {@code entity-} ({@code ses-04} is {@code 04}); matching is exact and
 * case-sensitive, with no zero padding.
 */
public final class BidsFilter implements Predicate<String> {

    private static final String AVERAGES = "averages";
    private static final String SIDECAR_EXTENSION = "json";

    private final List<Predicate<String>> checks;

    private BidsFilter(List<Predicate<String>> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The filter for the active filters among {@code applied} (a prefix may ignore some, e.g. ROIs ignore {@code ses}). */
    public static BidsFilter of(Filters filters, Set<FilterField> applied) {
        List<Predicate<String>> checks = new ArrayList<>();
        List<String> suffixes = applied.contains(FilterField.SUFFIX) ? filters.values(FilterField.SUFFIX).orElse(null) : null;
        filters.active().forEach((field, values) -> {
            if (applied.contains(field)) {
                checks.add(check(field, values, suffixes));
            }
        });
        return new BidsFilter(checks);
    }

    @Override
    public boolean test(String key) {
        for (Predicate<String> check : checks) {
            if (!check.test(key)) {
                return false;
            }
        }
        return true;
    }

    private static Predicate<String> check(FilterField field, List<String> values, List<String> suffixes) {
        return switch (field) {
            case SES -> session(values);
            case TASK, SPACE, DESC, STAT, RUN, ECHO, PART -> permissive(field.fieldName(), values);
            case SUFFIX -> key -> values.contains(BidsKey.suffix(key));
            case EXTENSION -> key -> values.contains(BidsKey.extension(key)) || isSidecar(key, suffixes);
        };
    }

    private static Predicate<String> session(List<String> values) {
        List<String> sessions = stripEntity("ses", values);
        boolean wantsAverages = sessions.contains(AVERAGES);
        sessions.removeIf(AVERAGES::equals);
        Pattern carrying = BidsKey.carrying("ses");
        List<Pattern> wanted = sessions.stream().map(session -> BidsKey.token("ses", session)).toList();
        return key -> carrying.matcher(key).find() ? anyFinds(wanted, key) : wantsAverages;
    }

    private static Predicate<String> permissive(String entity, List<String> values) {
        Pattern carrying = BidsKey.carrying(entity);
        List<Pattern> wanted = stripEntity(entity, values).stream().map(value -> BidsKey.token(entity, value)).toList();
        return key -> !carrying.matcher(key).find() || anyFinds(wanted, key);
    }

    private static boolean isSidecar(String key, List<String> suffixes) {
        return suffixes != null && BidsKey.extension(key).equals(SIDECAR_EXTENSION) && suffixes.contains(BidsKey.suffix(key));
    }

    /** Whether a session filter names any session other than {@code averages}: then the R2mean map is pinned. */
    public static boolean namesSpecificSessions(Filters filters) {
        return filters.values(FilterField.SES)
                .map(values -> stripEntity("ses", values).stream().anyMatch(value -> !value.equals(AVERAGES)))
                .orElse(false);
    }

    private static List<String> stripEntity(String entity, List<String> values) {
        String prefix = entity + "-";
        List<String> stripped = new ArrayList<>();
        for (String value : values) {
            stripped.add(value.startsWith(prefix) ? value.substring(prefix.length()) : value);
        }
        return stripped;
    }

    private static boolean anyFinds(List<Pattern> patterns, String key) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(key).find()) {
                return true;
            }
        }
        return false;
    }
}
