package org.laionfmri.mirror.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.laionfmri.mirror.request.FilterField;
import org.laionfmri.mirror.request.Filters;
import org.laionfmri.mirror.selection.BidsKey;
import org.laionfmri.mirror.selection.HeldOutSessions;

/**
 * The sessions a request names, watched as the plan selects keys: upstream silently mirrors only the
 * subject-level files for a session that is held out or absent, so the plan says which requested
 * session no selected file is from, and which are held out.
 */
final class RequestedSessions {

    private static final String AVERAGES = "averages";

    private final Map<String, Pattern> unseen = new LinkedHashMap<>();

    RequestedSessions(Filters filters) {
        for (String value : filters.values(FilterField.SES).orElse(List.of())) {
            String session = value.startsWith("ses-") ? value.substring("ses-".length()) : value;
            if (!session.equals(AVERAGES)) {
                unseen.put(session, BidsKey.token("ses", session));
            }
        }
    }

    void seen(String key) {
        if (!unseen.isEmpty()) {
            unseen.values().removeIf(token -> token.matcher(key).find());
        }
    }

    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        unseen.keySet().forEach(session -> warnings.add(HeldOutSessions.isHeldOut("x/ses-" + session + "/")
                ? "session ses-" + session + " is held out of the public dataset (sessions 31 to 34): nothing from it is mirrored"
                : "no selected file is from session ses-" + session + ": the source has none for these subjects and filters"));
        return warnings;
    }
}
