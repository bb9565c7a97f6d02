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

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
