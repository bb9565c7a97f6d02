package org.laionfmri.mirror.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.plan.Action;
import org.laionfmri.mirror.plan.PlanItem;
import org.laionfmri.mirror.plan.PlanSummary;
import org.laionfmri.mirror.plan.Planner;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.testing.DirectoryBuckets;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.testing.ListOf;
import software.amazon.awssdk.services.s3.S3Client;

/** Listing and planning over real S3 requests: local directories served by S3Proxy. */
class S3ObjectListingTest {

    private static final List<ObjectEntry> FIXTURE = SampleBucket.nominalEntries();

    @TempDir
    static Path workspace;
    private static DirectoryBuckets buckets;
    private static BucketLocation source;

    @BeforeAll
    static void serveTheFixture() throws Exception {
        Path sourceDir = Files.createDirectory(workspace.resolve("source"));
        SampleBucket.writeDirectory(sourceDir, FIXTURE);
        buckets = DirectoryBuckets.start();
        source = buckets.serve("source", sourceDir);
    }

    @AfterAll
    static void stop() {
        buckets.close();
    }

    @Test
    void pagesPastAThousandKeysInKeyOrder() {
        RequestCounter counter = new RequestCounter();
        try (S3Client s3 = S3Clients.create(source, counter)) {
            List<ObjectEntry> listed = new ArrayList<>();
            int pages = 0;
            for (Iterator<List<ObjectEntry>> it = new S3ObjectListing(s3, source).pages(""); it.hasNext(); pages++) {
                listed.addAll(it.next());
            }

            assertThat(listed).isEqualTo(SampleBucket.materialised(FIXTURE));
            assertThat(pages).isEqualTo((FIXTURE.size() + 999) / 1000);
            assertThat(counter.snapshot()).isEqualTo(Map.of("ListObjectsV2", (long) pages));
        }
    }

    @Test
    void listsChildPrefixesWithADelimiter() {
        try (S3Client s3 = S3Clients.create(source, new RequestCounter())) {
            assertThat(new S3ObjectListing(s3, source).childPrefixes("derivatives/rois/"))
                    .containsExactly("derivatives/rois/sub-01/", "derivatives/rois/sub-03/", "derivatives/rois/sub-05/",
                            "derivatives/rois/sub-06/", "derivatives/rois/sub-07/");
        }
    }

    @Test
    void plansOverS3AsOverTheListingAndAnUpToDateMirrorCostsListsOnly() throws Exception {
        Path mirrorDir = Files.createDirectory(workspace.resolve("mirror-under-prefix"));
        SampleBucket.writeDirectory(mirrorDir.resolve("laion"), FIXTURE);
        BucketLocation servedMirror = buckets.serve("mirror", mirrorDir);
        BucketLocation mirror = new BucketLocation(servedMirror.bucket(), "laion", servedMirror.endpoint(), servedMirror.region(), true);
        MirrorRequest request = MirrorRequest.builder().subjects(List.of("all"))
                .includeFreesurfer(true).includeRaw(true).includeEmbeddings(List.of("all")).build();
        RequestCounter counter = new RequestCounter();
        List<PlanItem> overS3 = new ArrayList<>();
        List<PlanItem> inMemory = new ArrayList<>();

        PlanSummary summary;
        try (S3Client sourceS3 = S3Clients.create(source, counter); S3Client mirrorS3 = S3Clients.create(mirror, counter)) {
            summary = new Planner(new S3ObjectListing(sourceS3, source), new S3ObjectListing(mirrorS3, mirror)).plan(request, overS3::add);
        }
        List<ObjectEntry> materialised = SampleBucket.materialised(FIXTURE);
        new Planner(ListOf.entries(materialised), ListOf.entries(materialised)).plan(request, inMemory::add);

        assertThat(overS3).isEqualTo(inMemory).isNotEmpty().allMatch(item -> item.action() == Action.SKIP);
        assertThat(summary.copyCount()).isZero();
        assertThat(counter.snapshot()).containsOnlyKeys("ListObjectsV2");
    }
}
