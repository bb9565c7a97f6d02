package org.laionfmri.mirror.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.laionfmri.mirror.copy.CopyItem;
import org.laionfmri.mirror.copy.Transfer;
import org.laionfmri.mirror.error.Messages;

/**
 * What every {@link ObjectStore} backend does, one suite for all (rclone's fstests): each backend's
 * test extends it with a factory of fresh, empty stores. Listings in S3's key order and pages, HEAD and
 * user metadata, whole-or-nothing writes and uploads, the failures named by the port, transfers within
 * the backend and streamed from another store (cancelled ones leaving nothing), concurrent writes.
 */
public abstract class ObjectStoreContract {

    private final List<ObjectStore> opened = new ArrayList<>();

    /**
     * A fresh, empty store of the backend under test; each call another one, in the same place as the
     * others (a transfer between two of them is within the backend: one S3 endpoint, one machine).
     */
    protected abstract ObjectStore newStore();

    private ObjectStore store() {
        ObjectStore store = newStore();
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(ObjectStore::close);
    }

    @Test
    void listsKeysInUtf8ByteOrderAsS3Does() {
        ObjectStore store = store();
        List<String> keys = new ArrayList<>(List.of("a-b", "a.txt", "a/b", "a/c/d", "a0", "z", "\u00e9.txt", "\uff01.txt", "\ud83d\ude00.txt"));
        List<String> shuffled = new ArrayList<>(keys);
        Collections.shuffle(shuffled, new Random(7));
        shuffled.forEach(key -> store.put(key, body(key, key.length()), "text/plain"));

        assertThat(listed(store, "")).extracting(ObjectEntry::key).containsExactlyElementsOf(keys);
        assertThat(listed(store, "")).allMatch(entry -> entry.size() == entry.key().length());
        // the order is KeyOrder's, which String's would break: U+1F600 is a surrogate pair below U+FF01 in UTF-16
        assertThat(keys).isSortedAccordingTo(KeyOrder.COMPARATOR);
    }

    @Test
    void pagesHoldAtMostAThousandKeysAndEveryKeyIsListedOnce() throws Exception {
        ObjectStore store = store();
        List<String> keys = IntStream.range(0, 1_234).mapToObj(i -> String.format("sub-%02d/k%04d", i % 12, i)).sorted(KeyOrder.COMPARATOR).toList();
        atOnce(keys.stream().<Runnable>map(key -> () -> store.put(key, body(key, 1), "text/plain")).toList());

        List<List<ObjectEntry>> pages = new ArrayList<>();
        store.pages("").forEachRemaining(pages::add);

        assertThat(pages).hasSizeGreaterThan(1).allMatch(page -> !page.isEmpty() && page.size() <= 1000);
        assertThat(pages.stream().flatMap(List::stream).map(ObjectEntry::key).toList()).isEqualTo(keys);
    }

    @Test
    void aPrefixEndingMidNameSelectsTheKeysStartingWithIt() {
        ObjectStore store = store();
        for (String key : List.of("participants.tsv", "sub-01/anat/T1w.nii.gz", "sub-01/func/bold.nii.gz", "sub-02/anat/T1w.nii.gz",
                "sub-1.txt", "sub-10/x", "sub-2")) {
            store.put(key, body(key, 3), "text/plain");
        }

        assertThat(keys(store, "sub-0")).containsExactly("sub-01/anat/T1w.nii.gz", "sub-01/func/bold.nii.gz", "sub-02/anat/T1w.nii.gz");
        assertThat(keys(store, "sub-01/f")).containsExactly("sub-01/func/bold.nii.gz");
        assertThat(keys(store, "sub-01/")).containsExactly("sub-01/anat/T1w.nii.gz", "sub-01/func/bold.nii.gz");
        assertThat(keys(store, "sub-1")).containsExactly("sub-1.txt", "sub-10/x");
        assertThat(keys(store, "sub-2")).containsExactly("sub-2");
        assertThat(keys(store, "sub-3")).isEmpty();
        assertThat(keys(store, "nowhere/")).isEmpty();
    }

    @Test
    void childPrefixesAreTheFoldersHoldingObjects() {
        ObjectStore store = store();
        for (String key : List.of("README", "derivatives/rois/sub-01/a.nii.gz", "derivatives/rois/sub-03/b.nii.gz", "derivatives/x.json",
                "sub-01/anat/T1w.nii.gz", "sub-01.txt")) {
            store.put(key, body(key, 3), "text/plain");
        }

        assertThat(store.childPrefixes("")).containsExactly("derivatives/", "sub-01/");
        assertThat(store.childPrefixes("derivatives/rois/")).containsExactly("derivatives/rois/sub-01/", "derivatives/rois/sub-03/");
        assertThat(store.childPrefixes("derivatives/rois/sub-0")).containsExactly("derivatives/rois/sub-01/", "derivatives/rois/sub-03/");
        assertThat(store.childPrefixes("sub-")).containsExactly("sub-01/");
        assertThat(store.childPrefixes("sub-01/anat/")).isEmpty();
        assertThat(store.childPrefixes("nowhere/")).isEmpty();
    }

    @Test
    void headGivesTheSizeAndTheMetadataAnUploadStoredWithIt() throws Exception {
        ObjectStore store = store();
        byte[] stimuli = body("stimuli", 70_000);
        try (ObjectUpload upload = store.upload("stimuli/task-images_stimuli.h5", Map.of("sha256", "ab12cd"))) {
            upload.stream().write(stimuli);
            upload.commit();
        }
        store.put("plain.json", body("plain", 10), "application/json");

        assertThat(store.head("stimuli/task-images_stimuli.h5")).contains(new StoredObject(stimuli.length, Map.of("sha256", "ab12cd")));
        assertThat(store.head("plain.json")).hasValueSatisfying(object -> assertThat(object.size()).isEqualTo(10));
        assertThat(store.head("plain.json").orElseThrow().metadata()).doesNotContainKey("sha256");
        assertThat(store.head("stimuli/missing.h5")).isEmpty();
        assertThat(store.head("stimuli")).isEmpty();
        assertThat(read(store, "stimuli/task-images_stimuli.h5")).isEqualTo(stimuli);
    }

    @Test
    void putReplacesAnObjectWhole() {
        ObjectStore store = store();
        store.put("_mirror/runs/r1/plan.jsonl", body("long", 200_000), "application/json");
        byte[] shorter = body("short", 17);

        store.put("_mirror/runs/r1/plan.jsonl", shorter, "application/json");

        assertThat(read(store, "_mirror/runs/r1/plan.jsonl")).isEqualTo(shorter);
        assertThat(listed(store, "")).containsExactly(new ObjectEntry("_mirror/runs/r1/plan.jsonl", 17));
    }

    @Test
    void anUploadAbortedOrClosedUncommittedLeavesThePreviousObject() throws Exception {
        ObjectStore store = store();
        byte[] before = body("before", 1_000);
        store.put("stimuli/task-images_metadata.csv", before, "text/csv");

        ObjectUpload aborted = store.upload("stimuli/task-images_metadata.csv", Map.of("sha256", "00"));
        aborted.stream().write(body("aborted", 5_000));
        aborted.abort();
        try (ObjectUpload unfinished = store.upload("stimuli/task-images_metadata.csv", Map.of("sha256", "11"))) {
            unfinished.stream().write(body("unfinished", 5_000));
        }
        try (ObjectUpload fresh = store.upload("stimuli/new.csv", Map.of())) {
            fresh.stream().write(body("fresh", 10));
        }

        assertThat(read(store, "stimuli/task-images_metadata.csv")).isEqualTo(before);
        assertThat(store.head("stimuli/task-images_metadata.csv").orElseThrow().metadata()).doesNotContainKey("sha256");
        assertThat(keys(store, "")).containsExactly("stimuli/task-images_metadata.csv");
    }

    @Test
    void readingAMissingObjectIsNoSuchObject() {
        ObjectStore store = store();
        store.put("sub-01/anat/T1w.nii.gz", body("t1", 5), "application/gzip");

        assertThatThrownBy(() -> read(store, "sub-01/anat/T2w.nii.gz")).isInstanceOf(NoSuchObject.class);
        assertThatThrownBy(() -> read(store, "sub-02/anat/T1w.nii.gz")).isInstanceOf(NoSuchObject.class);
    }

    @Test
    void aSourceOpenedAtAnotherSizeThanPlannedIsSourceChanged() {
        ObjectStore store = store();
        store.put("sub-01/func/bold.nii.gz", body("bold", 100), "application/gzip");

        assertThatThrownBy(() -> {
            try (SourceObject source = store.openSource("sub-01/func/bold.nii.gz", 99)) {
                source.range(0, 99).readAllBytes();
            }
        }).isInstanceOf(SourceChanged.class).hasMessageContaining("planned 99 bytes, now 100");
    }

    @Test
    void aSourceIsReadRangeByRange() throws Exception {
        ObjectStore store = store();
        byte[] bold = body("bold", 100_000);
        store.put("sub-01/func/bold.nii.gz", bold, "application/gzip");

        try (SourceObject source = store.openSource("sub-01/func/bold.nii.gz", bold.length)) {
            assertThat(source.size()).isEqualTo(bold.length);
            assertThat(Ranges.read(source, 0, 40_000)).isEqualTo(Arrays.copyOfRange(bold, 0, 40_000));
            assertThat(Ranges.read(source, 40_000, 60_000)).isEqualTo(Arrays.copyOfRange(bold, 40_000, 100_000));
        }
    }

    @Test
    void deleteRemovesAnObjectAndAMissingOneIsNoError() {
        ObjectStore store = store();
        store.put("_mirror/runs/r1/probe", body("probe", 5), "text/plain");
        store.put("_mirror/runs/r1/plan.jsonl", body("plan", 5), "text/plain");

        store.delete("_mirror/runs/r1/probe");

        assertThatCode(() -> store.delete("_mirror/runs/r1/probe")).doesNotThrowAnyException();
        assertThatCode(() -> store.delete("never/there")).doesNotThrowAnyException();
        assertThat(keys(store, "")).containsExactly("_mirror/runs/r1/plan.jsonl");
    }

    @Test
    void proveWritableLeavesNothingBehind() {
        ObjectStore store = store();

        store.proveWritable("_mirror/runs/r1/write-probe");

        assertThat(keys(store, "")).isEmpty();
        assertThat(store.head("_mirror/runs/r1/write-probe")).isEmpty();
    }

    @Test
    void aTransferWithinTheBackendCopiesIdenticalBytes() {
        ObjectStore source = store();
        ObjectStore mirror = store();
        List<CopyItem> items = List.of(new CopyItem("participants.tsv", 700), new CopyItem("sub-01/ses-04/func/run-01_bold.nii.gz", 3_000_000),
                new CopyItem("sub-01/ses-04/func/run-01_events.tsv", 0));
        items.forEach(item -> source.put(item.key(), body(item.key(), item.size()), "application/octet-stream"));

        try (Transfer transfer = mirror.transferFrom(source, 4)) {
            CompletableFuture.allOf(items.stream().map(transfer::copy).toArray(CompletableFuture[]::new)).join();
        }

        assertThat(listed(mirror, "")).containsExactlyElementsOf(items.stream().map(item -> new ObjectEntry(item.key(), item.size())).toList());
        items.forEach(item -> assertThat(read(mirror, item.key())).isEqualTo(body(item.key(), item.size())));
    }

    @Test
    void aTransferredObjectMissingInTheSourceFailsInOneLineAndLeavesNothing() {
        ObjectStore source = store();
        ObjectStore mirror = store();

        CompletableFuture<Void> copy;
        try (Transfer transfer = mirror.transferFrom(source, 2)) {
            copy = transfer.copy(new CopyItem("gone/since/the/plan.json", 5));
            assertThatThrownBy(copy::join).isInstanceOf(CompletionException.class);
        }

        assertThat(saidForPeople(copy)).isNotBlank().doesNotContain("Exception").doesNotContain("\n");
        assertThat(keys(mirror, "")).isEmpty();
    }

    @Test
    void aStreamedCopyOfASourceNoLongerAsPlannedIsSourceChangedAndLeavesNothing() {
        ObjectStore source = store();
        ObjectStore mirror = store();
        source.put("sub-01/anat/T1w.nii.gz", body("t1", 1_000), "application/gzip");

        CompletableFuture<Void> copy;
        try (Transfer transfer = mirror.transferFrom(elsewhere(source, UnaryOperator.identity()), 2)) {
            copy = transfer.copy(new CopyItem("sub-01/anat/T1w.nii.gz", 999));
            assertThatThrownBy(copy::join).hasCauseInstanceOf(SourceChanged.class);
        }

        assertThat(keys(mirror, "")).isEmpty();
    }

    @Test
    void aStreamedCopyFromAnotherStoreCopiesIdenticalBytes() {
        ObjectStore source = store();
        ObjectStore mirror = store();
        byte[] bold = body("bold", 2_500_000);
        source.put("sub-01/func/bold.nii.gz", bold, "application/gzip");

        try (Transfer transfer = mirror.transferFrom(elsewhere(source, UnaryOperator.identity()), 2)) {
            transfer.copy(new CopyItem("sub-01/func/bold.nii.gz", bold.length)).join();
        }

        assertThat(read(mirror, "sub-01/func/bold.nii.gz")).isEqualTo(bold);
    }

    @Test
    @Timeout(120)
    void aCancelledCopyLeavesNothing() throws Exception {
        CompletableFuture<Void> copy = copyGivenUp(running -> assertThat(running.cancel(true)).isTrue());

        assertThat(copy).isCancelled();
    }

    @Test
    @Timeout(120)
    void aCopyStillRunningWhenTheTransferClosesLeavesNothing() throws Exception {
        CompletableFuture<Void> copy = copyGivenUp(running -> { });

        assertThat(copy).isCompletedExceptionally();
    }

    /**
     * A copy streamed from a source whose reads wait, given up once it reads: by {@code giveUp}, else by
     * the transfer's close. Nothing is left in the mirror.
     */
    private CompletableFuture<Void> copyGivenUp(Consumer<CompletableFuture<Void>> giveUp) throws InterruptedException {
        ObjectStore source = store();
        ObjectStore mirror = store();
        source.put("sub-01/func/bold.nii.gz", body("bold", 10_000), "application/gzip");
        CountDownLatch reading = new CountDownLatch(1);

        CompletableFuture<Void> copy;
        try (Transfer transfer = mirror.transferFrom(elsewhere(source, opened -> blocking(opened, reading)), 2)) {
            copy = transfer.copy(new CopyItem("sub-01/func/bold.nii.gz", 10_000));
            reading.await();
            giveUp.accept(copy);
        }

        assertThat(keys(mirror, "")).isEmpty();
        assertThat(mirror.head("sub-01/func/bold.nii.gz")).isEmpty();
        return copy;
    }

    @Test
    void concurrentWritesEachLandWhole() throws Exception {
        ObjectStore store = store();
        List<String> keys = IntStream.range(0, 200).mapToObj(i -> "sub-0" + i % 3 + "/ses-0" + i % 5 + "/func/run-" + i + ".nii.gz").toList();
        List<byte[]> contested = IntStream.range(0, 8).mapToObj(i -> body("same" + i, 10_000 + i)).toList();
        List<Runnable> writes = new ArrayList<>();
        keys.forEach(key -> writes.add(() -> store.put(key, body(key, key.length()), "application/gzip")));
        contested.forEach(body -> writes.add(() -> store.put("participants.tsv", body, "text/tab-separated-values")));

        atOnce(writes);

        assertThat(listed(store, "sub-")).containsExactlyElementsOf(keys.stream().sorted(KeyOrder.COMPARATOR)
                .map(key -> new ObjectEntry(key, key.length())).toList());
        assertThat(contested).anySatisfy(body -> assertThat(read(store, "participants.tsv")).isEqualTo(body));
    }

    /** {@code size} bytes that differ from key to key. */
    public static byte[] body(String key, long size) {
        byte[] body = new byte[Math.toIntExact(size)];
        new Random(key.hashCode()).nextBytes(body);
        return body;
    }

    public static byte[] read(ObjectStore store, String key) {
        try (InputStream in = store.read(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<ObjectEntry> listed(ObjectStore store, String prefix) {
        List<ObjectEntry> entries = new ArrayList<>();
        store.pages(prefix).forEachRemaining(entries::addAll);
        return entries;
    }

    public static List<String> keys(ObjectStore store, String prefix) {
        return listed(store, prefix).stream().map(ObjectEntry::key).toList();
    }

    /** What a failed copy says, as a batch records it. */
    private static String saidForPeople(CompletableFuture<Void> copy) {
        try {
            copy.join();
            return "";
        } catch (CompletionException e) {
            return Messages.firstLine(e.getCause(), "");
        }
    }

    /** Runs {@code writes} on eight threads, and waits for each. */
    private static void atOnce(List<Runnable> writes) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            writes.forEach(write -> running.add(writers.submit(write)));
            for (Future<?> write : running) {
                write.get();
            }
        } finally {
            writers.shutdown();
        }
    }

    /**
     * {@code store} as a store of another kind (a copy from it into a store of the backend is streamed
     * through this process), its objects opened for copies passed through {@code opened}.
     */
    private static ObjectStore elsewhere(ObjectStore store, UnaryOperator<SourceObject> opened) {
        return (ObjectStore) Proxy.newProxyInstance(ObjectStore.class.getClassLoader(), new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> {
            try {
                Object result = method.invoke(store, args);
                return method.getName().equals("openSource") ? opened.apply((SourceObject) result) : result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /** A source whose reads wait until the copy is interrupted; {@code reading} is counted down when the copy starts reading. */
    private static SourceObject blocking(SourceObject source, CountDownLatch reading) {
        return new SourceObject() {
            @Override
            public long size() {
                return source.size();
            }

            @Override
            public InputStream range(long offset, long length) throws IOException {
                reading.countDown();
                try {
                    new CountDownLatch(1).await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("the copy was given up");
                }
                throw new IllegalStateException("the copy was not interrupted within a minute");
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }
}
