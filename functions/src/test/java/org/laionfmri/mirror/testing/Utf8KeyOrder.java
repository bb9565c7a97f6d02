package org.laionfmri.mirror.testing;

import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.laionfmri.mirror.storage.KeyOrder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3Proxy store middleware that lists as S3 does, in UTF-8 byte order ({@link KeyOrder}): the
 * filesystem store sorts by Java's UTF-16 order, which puts a character outside the Basic Multilingual
 * Plane before U+E000 to U+FFFF. Each page is cut from the whole listing of the prefix, re-sorted; the
 * continuation token is the last key or prefix given.
 */
public final class Utf8KeyOrder extends ForwardingBlobStore {

    private static final int S3_MAX_KEYS = 1000;

    public Utf8KeyOrder(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        NavigableMap<String, Object> listed = new TreeMap<>(KeyOrder.COMPARATOR);
        ListObjectsV2Request whole = request.toBuilder().continuationToken(null).startAfter(null).maxKeys(S3_MAX_KEYS).build();
        ListObjectsV2Response page;
        do {
            page = super.list(whole);
            page.contents().forEach(object -> listed.put(object.key(), object));
            page.commonPrefixes().forEach(prefix -> listed.put(prefix.prefix(), prefix));
            whole = whole.toBuilder().continuationToken(page.nextContinuationToken()).build();
        } while (page.nextContinuationToken() != null);

        String after = request.continuationToken() != null ? request.continuationToken() : request.startAfter();
        NavigableMap<String, Object> rest = after == null ? listed : listed.tailMap(after, false);
        int maxKeys = request.maxKeys() == null ? S3_MAX_KEYS : Math.min(request.maxKeys(), S3_MAX_KEYS);
        List<String> given = rest.keySet().stream().limit(maxKeys).toList();
        boolean truncated = given.size() < rest.size();
        return page.toBuilder()
                .contents(given.stream().map(rest::get).filter(S3Object.class::isInstance).map(S3Object.class::cast).toList())
                .commonPrefixes(given.stream().map(rest::get).filter(CommonPrefix.class::isInstance).map(CommonPrefix.class::cast).toList())
                .keyCount(given.size())
                .maxKeys(maxKeys)
                .isTruncated(truncated)
                .continuationToken(request.continuationToken())
                .startAfter(request.startAfter())
                .nextContinuationToken(truncated ? given.get(given.size() - 1) : null)
                .build();
    }
}
