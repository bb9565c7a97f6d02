package org.laionfmri.mirror.client.output;

import java.util.Locale;

/** Byte counts for people: 1.5 GB rather than 1610612736. */
public final class Bytes {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Bytes() {}

    public static String human(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
