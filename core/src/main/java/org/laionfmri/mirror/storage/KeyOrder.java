package org.laionfmri.mirror.storage;

import java.util.Comparator;

/**
 * The order S3 lists keys in: by UTF-8 bytes, which is Unicode code point order. It differs from
 * {@link String#compareTo} for characters outside the Basic Multilingual Plane.
 */
public final class KeyOrder {

    public static final Comparator<String> COMPARATOR = KeyOrder::compare;

    private KeyOrder() {}

    public static int compare(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length()) {
            int left = a.codePointAt(i);
            int right = b.codePointAt(i);
            if (left != right) {
                return Integer.compare(left, right);
            }
            i += Character.charCount(left);
        }
        return Integer.compare(a.length() - i, b.length() - i);
    }
}
