package org.laionfmri.mirror.error;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps secrets out of text that leaves the process (messages, reports, run records, logs): the stimulus
 * request_id by its value, whatever its form, in any case, and written as a URL or JSON would write it,
 * once this process has read, stored or been given it ({@link #protect}); any id of the usual
 * {@code lfm_...} form besides; and from text an access service wrote, any URL (a presigned link).
 */
public final class Redaction {

    public static final String REQUEST_ID_SHOWN = "(request_id not shown)";
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern REQUEST_ID = Pattern.compile("lfm_[A-Za-z0-9_\\-]+");
    private static final Set<String> SECRETS = new LinkedHashSet<>();
    /** Every form of every secret protected, longest first (so no shorter form is left inside a longer one); null before any. */
    private static volatile Pattern protectedForms;

    private Redaction() {}

    /** From now on, {@code secret} (a request_id) is in no text this process redacts, in any of its forms. */
    public static synchronized void protect(String secret) {
        if (secret == null || secret.isEmpty() || !SECRETS.add(secret)) {
            return;
        }
        Set<String> forms = new LinkedHashSet<>();
        for (String known : SECRETS) {
            forms.add(known);
            forms.add(URLEncoder.encode(known, StandardCharsets.UTF_8));
            forms.add(URLEncoder.encode(known, StandardCharsets.UTF_8).replace("+", "%20"));
            forms.add(known.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/"));
            forms.add(known.replace("\\", "\\\\").replace("\"", "\\\""));
        }
        protectedForms = Pattern.compile(forms.stream().sorted((a, b) -> b.length() - a.length()).map(Pattern::quote)
                .collect(Collectors.joining("|")), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** {@code text} with every protected secret and every {@code lfm_...} id replaced by a note that it is not shown; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        Pattern secrets = protectedForms;
        String withoutSecrets = secrets == null ? text : secrets.matcher(text).replaceAll(Matcher.quoteReplacement(REQUEST_ID_SHOWN));
        return REQUEST_ID.matcher(withoutSecrets).replaceAll(Matcher.quoteReplacement(REQUEST_ID_SHOWN));
    }

    /** The same, and every URL too: for text an access service wrote, which may hold a presigned download link. */
    public static String redactWithUrls(String text) {
        return redact(URL.matcher(text).replaceAll("(url not shown)"));
    }
}
