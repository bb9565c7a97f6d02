package org.laionfmri.mirror.error;

/** Errors nobody named, said for people: the first line of what they say, without class names or the SDK's attempt counts. */
public final class Messages {

    private Messages() {}

    /** The first line of {@code error}'s message (or of the first cause that has one); {@code otherwise} when none says anything. */
    public static String firstLine(Throwable error, String otherwise) {
        Throwable cause = error;
        while (cause.getCause() != null && isBlank(cause.getMessage())) {
            cause = cause.getCause();
        }
        return isBlank(cause.getMessage()) ? otherwise : firstLine(cause.getMessage());
    }

    /** The first line of {@code text}, without the " (SDK Attempt Count: n)" the SDK appends. */
    public static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.replaceAll(" \\(SDK Attempt Count: \\d+\\)", "");
    }

    /**
     * {@code text} in double quotes, for a key or a value that came from elsewhere: a quote, a backslash and
     * any control or formatting character (a newline, an escape sequence, a direction override) escaped,
     * so that what is shown stays on its line and reads as it is.
     */
    public static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                quoted.append('\\').appendCodePoint(c);
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
