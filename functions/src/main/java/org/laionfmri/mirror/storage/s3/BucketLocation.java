package org.laionfmri.mirror.storage.s3;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.regions.Region;

/**
 * Where a bucket is and how to reach it: the bucket, an optional key prefix the mirror lives under, an
 * endpoint for S3-compatible stores (none for AWS), the region, and whether reads are unsigned.
 */
public record BucketLocation(String bucket, String prefix, URI endpoint, Region region, boolean anonymous) {

    public static final String PUBLIC_BUCKET = "laion-fmri";

    /** The public LAION-fMRI bucket, read unsigned in us-west-2 as the upstream package does. */
    public static final BucketLocation PUBLIC_SOURCE =
            new BucketLocation(PUBLIC_BUCKET, "", null, Region.US_WEST_2, true);

    private static final String SCHEME = "s3://";

    public BucketLocation {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(region, "region");
        prefix = Objects.requireNonNullElse(prefix, "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
    }

    /** Parses {@code s3://bucket[/prefix]}. */
    public static BucketLocation parse(String uri, URI endpoint, Region region, boolean anonymous) {
        if (!isS3Uri(uri)) {
            throw new IllegalArgumentException("expected s3://bucket[/prefix], got \"" + uri + "\"");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket name in \"" + uri + "\"");
        }
        if (prefix.startsWith("/") || prefix.contains("//")) {
            throw new IllegalArgumentException("empty path segment in \"" + uri + "\"");
        }
        return new BucketLocation(bucket, prefix, endpoint, region, anonymous);
    }

    /** Whether a server-side copy can go from this location to {@code other}: both on AWS, or on one endpoint. */
    public boolean sameStoreAs(BucketLocation other) {
        return Objects.equals(endpoint, other.endpoint);
    }

    public static boolean isS3Uri(String value) {
        return value.startsWith(SCHEME);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + prefix + (endpoint == null ? "" : " at " + endpoint);
    }
}
