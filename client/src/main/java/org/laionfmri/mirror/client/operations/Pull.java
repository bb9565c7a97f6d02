package org.laionfmri.mirror.client.operations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.copy.CopyDenied;
import org.laionfmri.mirror.datadir.DataDirectory;
import org.laionfmri.mirror.datadir.FileDownload;
import org.laionfmri.mirror.datadir.PackageConfig;
import org.laionfmri.mirror.error.IntegrityError;
import org.laionfmri.mirror.error.LinkRefused;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.error.MirrorException;
import org.laionfmri.mirror.error.UnsafeKey;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.plan.PlanItem;
import org.laionfmri.mirror.plan.Planner;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.stimuli.AccessServiceClient;
import org.laionfmri.mirror.stimuli.StimulusFile;
import org.laionfmri.mirror.stimuli.StimulusSync;
import org.laionfmri.mirror.storage.NoSuchObject;
import org.laionfmri.mirror.storage.ObjectListing;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.s3.RequestCounter;

/**
 * Fills a {@code laion_fmri} data directory from a mirror: each selected object written where the package
 * reads it, a file already of the object's size skipped, in parallel, never a partial file under its final
 * name; the stimulus images too when the selection includes them and the bucket's policy lets this person
 * read them, checked against the access service's manifest.
 */
public final class Pull {

    /** Why the stimulus images were not pulled while the rest was. */
    public enum StimuliSkipped { NOT_READABLE, NOT_IN_MIRROR }

    /** Told of the pull as it goes. */
    public interface Listener extends ProgressListener {

        /** One file could not be pulled; the others go on. */
        void failed(FailedFile file);

        void stimuliSkipped(StimuliSkipped why);
    }

    /** A file that could not be pulled, and why, for people. */
    public record FailedFile(String key, String error) {

        /** The failure of one file's key (unsafe, a link in its way, gone from the mirror); empty for a failure of the whole pull. */
        static Optional<FailedFile> of(String key, Throwable failure) {
            if (failure instanceof UnsafeKey || failure instanceof LinkRefused) {
                return Optional.of(new FailedFile(key, ((MirrorException) failure).errorName() + ": " + failure.getMessage()));
            }
            if (failure instanceof NoSuchObject) {
                return Optional.of(new FailedFile(key, "NoSuchKey: " + Messages.quoted(key) + " is no longer in the mirror: it changed after"
                        + " it was listed (a sync writing into it?), and nothing was written for it"));
            }
            return Optional.empty();
        }
    }

    /** What a pull did: files and bytes written, files already in place, of how many selected, and those that failed. */
    public record Outcome(long pulled, long bytes, long inPlace, int selected, List<FailedFile> failed) {}

    private final Store mirrorStore;
    private final DataDirectory data;
    private final int jobs;
    private final AccessServiceClient accessService;
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** A pull from {@code mirrorStore} into {@code data}, {@code jobs} files at once, the stimulus images checked against {@code accessService}. */
    public Pull(Store mirrorStore, DataDirectory data, int jobs, AccessServiceClient accessService) {
        this.mirrorStore = mirrorStore;
        this.data = data;
        this.jobs = jobs;
        this.accessService = accessService;
    }

    /** Upstream's n_jobs: 1 to max(32, twice the processors); any other value falls back to 1; none, twice the processors, at most 32. */
    public static int jobs(Integer asked) {
        int processors = Runtime.getRuntime().availableProcessors();
        if (asked == null) {
            return Math.min(32, 2 * processors);
        }
        return asked >= 1 && asked <= Math.max(32, 2 * processors) ? asked : 1;
    }

    /** Whether the CC0 licence is accepted for the data directory already (its marker is there). */
    public boolean licenceAccepted() {
        return Files.exists(data.licenceMarker());
    }

    /** Records the acceptance as upstream does, at once: a pull interrupted or failed later does not ask again. */
    public void acceptLicence() {
        data.writeLicenceMarker();
    }

    /** Points the {@code laion_fmri} package at the data directory; returns its configuration file. */
    public Path pointPackageHere() {
        return PackageConfig.write(PackageConfig.file(System.getenv()).toAbsolutePath(), data);
    }

    /** The files written so far. */
    public long pulled() {
        return files.get();
    }

    public Outcome pull(MirrorRequest request, Listener listener) throws Exception {
        try (ObjectStore mirror = mirrorStore.open("mirror", new RequestCounter())) {
            List<PlanItem> selected = new ArrayList<>();
            new Planner(mirror, ObjectListing.empty()).plan(request, selected::add);
            List<FailedFile> failed = new ArrayList<>();
            List<PlanItem> missing = new ArrayList<>();
            for (PlanItem item : selected) {
                try {
                    if (!data.holds(item.key(), item.size())) {
                        missing.add(item);
                    }
                } catch (UnsafeKey unsafe) {
                    failed.add(said(FailedFile.of(item.key(), unsafe).orElseThrow(), listener));
                }
            }
            int refused = failed.size();
            Files.createDirectories(data.root());
            write(mirror, missing, failed, listener);
            if (request.includes().stimuli()) {
                pullStimuli(mirror, listener);
            }
            return new Outcome(files.get(), bytes.get(), selected.size() - missing.size() - refused, selected.size(), List.copyOf(failed));
        }
    }

    /**
     * Writes the missing files, {@code jobs} at once. A file whose key cannot be written (it would lead out
     * of the directory, a link stands in its way, it left the mirror since the listing) is told and counted
     * in {@code failed}, and the others go on; any other failure stops the pull, once the files being written
     * have ended (none leaves a {@code .part}).
     */
    private void write(ObjectStore mirror, List<PlanItem> missing, List<FailedFile> failed, Listener listener) throws Exception {
        FileDownload download = new FileDownload(mirror);
        RunRecord.Progress planned = new RunRecord.Progress(missing.size(), missing.stream().mapToLong(PlanItem::size).sum(), 0, 0);
        ExecutorService writers = Executors.newFixedThreadPool(jobs);
        try {
            Map<PlanItem, Future<?>> writing = new LinkedHashMap<>();
            for (PlanItem item : missing) {
                writing.put(item, writers.submit(() -> {
                    download.write(item.key(), item.size(), null, data);
                    files.incrementAndGet();
                    bytes.addAndGet(item.size());
                }));
            }
            Instant started = Instant.now();
            for (Map.Entry<PlanItem, Future<?>> file : writing.entrySet()) {
                while (!file.getValue().isDone()) {
                    listener.progressed(new RunRecord.Progress(planned.toCopy(), planned.bytesToCopy(), files.get(), bytes.get()),
                            Duration.between(started, Instant.now()));
                    Thread.sleep(100);
                }
                try {
                    file.getValue().get();
                } catch (ExecutionException failure) {
                    Optional<FailedFile> ofThisFile = FailedFile.of(file.getKey().key(), failure.getCause());
                    if (ofThisFile.isEmpty()) {
                        writing.values().forEach(other -> other.cancel(false));
                        writers.shutdown();
                        writers.awaitTermination(2, TimeUnit.MINUTES);
                        throw failure.getCause() instanceof Exception cause ? cause : failure;
                    }
                    failed.add(said(ofThisFile.get(), listener));
                }
            }
        } finally {
            writers.shutdownNow();
        }
    }

    private static FailedFile said(FailedFile failed, Listener listener) {
        listener.failed(failed);
        return failed;
    }

    /**
     * The stimulus images, from the mirror, checked against the access service's public manifest: a file
     * already matching it stays; the bucket's policy decides who may read them, and one who may not is told
     * once and the pull carries on.
     */
    private void pullStimuli(ObjectStore mirror, Listener listener) throws IOException {
        FileDownload download = new FileDownload(mirror);
        for (String name : StimulusSync.FILES) {
            StimulusFile announced = accessService.manifest().file(name)
                    .orElseThrow(() -> new IntegrityError("the access service's manifest does not list " + name));
            String key = StimulusSync.PREFIX + name;
            // holds: a file in place of the announced size, so the bytes are the one thing left to check
            if (data.holds(key, announced.size()) && announced.mismatch(announced.size(), () -> sha256(key)).isEmpty()) {
                continue;
            }
            try {
                download.write(key, announced.size(), announced.sha256(), data);
                files.incrementAndGet();
                bytes.addAndGet(announced.size());
            } catch (CopyDenied denied) {
                listener.stimuliSkipped(StimuliSkipped.NOT_READABLE);
                return;
            } catch (NoSuchObject absent) {
                listener.stimuliSkipped(StimuliSkipped.NOT_IN_MIRROR);
                return;
            }
        }
    }

    private String sha256(String key) {
        try (InputStream in = data.read(key)) {
            return Sha256.hex(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + key + ": " + e.getMessage(), e);
        }
    }
}
