package org.laionfmri.mirror.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import org.laionfmri.mirror.storage.s3.S3ObjectStore;
import org.laionfmri.mirror.testing.DirectoryBuckets;

/** The plan's batches: at most so many objects and so many bytes each, a larger object alone, skipped objects left out. */
class PlanWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workspace;

    @Test
    void batchesAreCutByCountAndByBytesAndALargerObjectGoesAlone() throws IOException {
        List<PlanItem> items = List.of(copy("a", 40), copy("b", 40), new PlanItem("in-place", 90, Action.SKIP), copy("c", 40),
                copy("huge", 500), copy("d", 10), copy("e", 10), copy("f", 10), copy("g", 10));

        List<List<String>> batches = write(items, new BatchLimits(3, 100));

        // c would take the first batch to 120 bytes; huge is over the limit alone; d, e, f fill a batch by count
        assertThat(batches).containsExactly(List.of("a", "b"), List.of("c"), List.of("huge"), List.of("d", "e", "f"), List.of("g"));
    }

    private List<List<String>> write(List<PlanItem> items, BatchLimits limits) throws IOException {
        Path mirrorDirectory = Files.createDirectory(workspace.resolve("mirror"));
        try (DirectoryBuckets server = DirectoryBuckets.start()) {
            BucketLocation location = server.serve("mirror", mirrorDirectory);
            try (S3ObjectStore mirror = S3ObjectStore.builder(location).partSize(5L << 20).build()) {
                PlanWriter plan = PlanWriter.open(mirror, "plan.jsonl", JSON, limits);
                items.forEach(plan::accept);
                plan.commit();
            }
        }
        List<List<String>> batches = new ArrayList<>();
        for (String line : Files.readAllLines(mirrorDirectory.resolve("plan.jsonl"))) {
            List<String> keys = new ArrayList<>();
            for (JsonNode item : JSON.readTree(line).path("items")) {
                keys.add(item.path("key").asText());
            }
            batches.add(keys);
        }
        return batches;
    }

    private static PlanItem copy(String key, long size) {
        return new PlanItem(key, size, Action.COPY);
    }
}
