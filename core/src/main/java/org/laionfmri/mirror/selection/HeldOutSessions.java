package org.laionfmri.mirror.selection;

import java.util.List;

/**
 * Sessions 31 to 34 are held out: the bucket's policy denies them. A key is held out when one of them is
 * a folder of its path (a token only in the file name does not count). Localizer keys of the
 * {@code oloc} task are exempt. Applied to every prefix, before pinned keys and filters.
 */
public final class HeldOutSessions {

    private static final List<String> HELD_OUT = List.of("ses-31", "ses-32", "ses-33", "ses-34");
    private static final String EXEMPT_PREFIX = SourceLayout.LOCALIZERS + "/";

    private HeldOutSessions() {}

    public static boolean isHeldOut(String key) {
        for (String session : HELD_OUT) {
            if (key.contains("/" + session + "/") || key.endsWith("/" + session)) {
                return !isExemptLocalizer(key);
            }
        }
        return false;
    }

    private static boolean isExemptLocalizer(String key) {
        return key.startsWith(EXEMPT_PREFIX) && (key.contains("task-oloc_") || key.contains("task-oloc."));
    }
}
