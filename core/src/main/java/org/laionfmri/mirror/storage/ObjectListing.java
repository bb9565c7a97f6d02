package org.laionfmri.mirror.storage;

import java.util.Iterator;
import java.util.List;

/**
 * A bucket, or a prefix of one, seen as keys in {@link KeyOrder}. Keys are relative to the listed root,
 * so a source bucket and a mirror under a prefix compare key for key.
 */
public interface ObjectListing {

    /** Every object whose key starts with {@code prefix}, in key order, one page at a time, fetched lazily. */
    Iterator<List<ObjectEntry>> pages(String prefix);

    /** The distinct "folders" directly below {@code prefix} (a listing with delimiter {@code /}), each ending in {@code /}. */
    List<String> childPrefixes(String prefix);

    /** A listing with no objects: a mirror that does not exist yet. */
    static ObjectListing empty() {
        return new ObjectListing() {
            @Override
            public Iterator<List<ObjectEntry>> pages(String prefix) {
                return List.<List<ObjectEntry>>of().iterator();
            }

            @Override
            public List<String> childPrefixes(String prefix) {
                return List.of();
            }
        };
    }
}
