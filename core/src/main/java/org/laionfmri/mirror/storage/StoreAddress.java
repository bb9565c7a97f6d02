package org.laionfmri.mirror.storage;

import java.util.Objects;

/**
 * How the workflow engine names a store's objects: the bucket its definition names ({@code MirrorBucket})
 * and the prefix before every key ({@code MirrorPrefix}). A directory has no bucket of its own: the engine
 * on this machine names it by a placeholder.
 */
public record StoreAddress(String bucket, String prefix) {

    public StoreAddress {
        Objects.requireNonNull(bucket, "bucket");
        prefix = Objects.requireNonNullElse(prefix, "");
    }

    /** The key as the engine names it. */
    public String absolute(String key) {
        return prefix + key;
    }

    /** The store's key of an object the engine names {@code absoluteKey}. */
    public String relative(String absoluteKey) {
        if (!absoluteKey.startsWith(prefix)) {
            throw new IllegalArgumentException(absoluteKey + " is not under the store's prefix " + prefix);
        }
        return absoluteKey.substring(prefix.length());
    }
}
