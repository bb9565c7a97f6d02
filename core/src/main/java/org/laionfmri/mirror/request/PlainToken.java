package org.laionfmri.mirror.request;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.laionfmri.mirror.error.InvalidRequest;

/**
 * Request values end up inside S3 keys and prefixes, so each must be a plain token: no path separator,
 * no parent reference, no whitespace or control characters, not empty.
 */
final class PlainToken {

    private PlainToken() {}

    static String require(String field, String value) {
        if (value == null) {
            throw new InvalidRequest(field, "must be a string, not null");
        }
        if (value.isEmpty()) {
            throw new InvalidRequest(field, "must not be empty");
        }
        if (value.contains("/") || value.contains("..") || value.codePoints().anyMatch(PlainToken::isBlankOrControl)) {
            throw new InvalidRequest(field, quote(value)
                    + " is not a plain token (no \"/\", \"..\", whitespace or control characters)");
        }
        return value;
    }

    /** The value as a JSON string literal, so control characters show as escapes in messages. */
    static String quote(String value) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }

    private static boolean isBlankOrControl(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || Character.isISOControl(codePoint);
    }
}
