package org.laionfmri.mirror.stimuli;

import java.util.regex.Pattern;

/**
 * Keeps the access service's secrets out of messages: request ids ({@code lfm_...}) and URLs (presigned
 * download links) are replaced before any text from the service is shown.
 */
final class Redaction {

    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern REQUEST_ID = Pattern.compile("lfm_[A-Za-z0-9_\\-]+");

    private Redaction() {}

    static String redact(String text) {
        String withoutUrls = URL.matcher(text).replaceAll("(url not shown)");
        return REQUEST_ID.matcher(withoutUrls).replaceAll("(request_id not shown)");
    }
}
