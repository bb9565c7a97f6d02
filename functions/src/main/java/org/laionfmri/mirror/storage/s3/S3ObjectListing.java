package org.laionfmri.mirror.storage.s3;

import java.util.Iterator;
import java.util.List;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.ObjectListing;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/** An {@link ObjectListing} over ListObjectsV2, paginated by the SDK and streamed page by page. */
final class S3ObjectListing implements ObjectListing {

    private final S3Client s3;
    private final BucketLocation location;

    public S3ObjectListing(S3Client s3, BucketLocation location) {
        this.s3 = s3;
        this.location = location;
    }

    @Override
    public Iterator<List<ObjectEntry>> pages(String prefix) {
        int rootLength = location.prefix().length();
        return s3.listObjectsV2Paginator(request(prefix).build()).stream()
                .map(page -> page.contents().stream()
                        .map(object -> new ObjectEntry(object.key().substring(rootLength), object.size()))
                        .toList())
                .iterator();
    }

    @Override
    public List<String> childPrefixes(String prefix) {
        int rootLength = location.prefix().length();
        return s3.listObjectsV2Paginator(request(prefix).delimiter("/").build()).commonPrefixes().stream()
                .map(CommonPrefix::prefix)
                .map(child -> child.substring(rootLength))
                .toList();
    }

    private ListObjectsV2Request.Builder request(String prefix) {
        return ListObjectsV2Request.builder().bucket(location.bucket()).prefix(location.prefix() + prefix);
    }
}
