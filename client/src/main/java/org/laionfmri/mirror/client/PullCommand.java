package org.laionfmri.mirror.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.client.deployment.StackDeployment;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.datadir.DataDirectory;
import org.laionfmri.mirror.datadir.FileDownload;
import org.laionfmri.mirror.datadir.PackageConfig;
import org.laionfmri.mirror.error.IntegrityError;
import org.laionfmri.mirror.error.LicenseNotAccepted;
import org.laionfmri.mirror.copy.CopyDenied;
import org.laionfmri.mirror.error.LinkRefused;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.error.MirrorException;
import org.laionfmri.mirror.error.UnsafeKey;
import org.laionfmri.mirror.licence.Cc0Licence;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;

/**
 * {@code laion-mirror pull}: fills a {@code laion_fmri} data directory from the institution's mirror
 * instead of the public bucket, with the selection flags of {@code sync}: each selected object written
 * where the package reads it (its {@code label-} renaming included), a file already of the object's
 * size skipped, in parallel, never a partial file under its final name. The stimulus images come from
 * the mirror too when the bucket's policy lets this person read them, verified against the access
 * service's manifest. The CC0 marker is written when the person pulling accepts the licence, before
 * anything is pulled, as upstream writes it; the package's {@code auth.json} never.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Fills a laion_fmri data directory from the mirror (a bucket, a directory, or the deployed stack's), as the package lays it out.")
final class PullCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The laion_fmri data directory to fill (made if missing).")
    Path dataDir;

    @Option(names = "--from", paramLabel = "S3URI|DIR", description = "The mirror: s3://bucket[/prefix] or a directory (default: the deployed stack's).")
    String from;

    @Option(names = "--from-endpoint", paramLabel = "URL", description = "Endpoint of an S3-compatible store holding the mirror.")
    URI fromEndpoint;

    @Option(names = "--stack", paramLabel = "NAME", description = "Without --from: the deployed stack whose mirror to read (default: "
            + StackDeployment.DEFAULT_STACK + ").")
    String stack;

    @Option(names = "--region", paramLabel = "REGION", description = "The stack's AWS region.")
    String region;

    @Option(names = "--n-jobs", paramLabel = "N", description = "Files written at once (default: twice the processors, at most 32; as upstream).")
    Integer nJobs;

    @Option(names = "--yes", description = "Accept the CC0 licence without the prompt (you have read it): the data directory's marker is written.")
    boolean yes;

    @Option(names = "--write-config", description = "Point the laion_fmri package at the data directory ($XDG_CONFIG_HOME/laion_fmri/config.json).")
    boolean writeConfig;

    @Option(names = "--json", description = "The outcome as one JSON object on stdout: dataDir, pulled, bytes, inPlace, failed, config.")
    boolean json;

    @Option(names = "--access-service", paramLabel = "URL", hidden = true, description = "The stimulus access service (its public manifest).")
    URI accessService = AccessServiceClient.DEFAULT_BASE;

    @Override
    public Integer call() throws Exception {
        MirrorRequest request = selection.toRequest().build();
        DataDirectory data = dataDirectory();
        Store mirrorStore = from == null ? null : Locations.parse(spec.commandLine(), "--from", from, fromEndpoint, false, false);
        if (mirrorStore instanceof Store.Directory directory && (data.root().startsWith(directory.path()) || directory.path().startsWith(data.root()))) {
            throw new ParameterException(spec.commandLine(), "--data-dir: " + data.root() + " must be apart from the mirror " + directory.path());
        }
        if (mirrorStore instanceof Store.Bucket bucket) {
            BucketCheck.require(spec.commandLine(), "--from", bucket.location());
        }
        if (acceptLicence(data)) {
            data.writeLicenceMarker(); // as upstream: at the acceptance, so a pull interrupted or failed later does not ask again
        }
        PrintWriter err = spec.commandLine().getErr();
        try (ObjectStore mirror = open(mirrorStore)) {
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
                    failed.add(FailedFile.said(err, item, unsafe));
                }
            }
            int refused = failed.size();
            Files.createDirectories(data.root());
            Totals totals = new Totals(missing);
            try (Interruption interruption = Interruption.handle(() -> err.println("laion-mirror: Interrupted: " + totals.files.get()
                    + " files pulled; pull again to finish (nothing partial is under a final name)."))) {
                write(mirror, data, missing, totals, failed, err);
                if (request.includes().stimuli()) {
                    pullStimuli(mirror, data, totals, err);
                }
            }
            long inPlace = selected.size() - missing.size() - refused;
            err.printf("Pulled %d files (%s) into %s; %d were in place already.%n", totals.files.get(), Bytes.human(totals.bytes.get()), data.root(),
                    inPlace);
            ObjectNode outcome = JSON.createObjectNode().put("dataDir", data.root().toString()).put("pulled", totals.files.get())
                    .put("bytes", totals.bytes.get()).put("inPlace", inPlace);
            ArrayNode failedKeys = outcome.putArray("failed");
            failed.forEach(file -> failedKeys.addObject().put("key", file.item().key()).put("error", file.error()));
            if (writeConfig) {
                Path config = PackageConfig.write(PackageConfig.file(System.getenv()).toAbsolutePath(), data);
                outcome.put("config", config.toString());
                err.println("The laion_fmri package now reads " + data.root() + " (" + config + ").");
            } else {
                err.println("Point the laion_fmri package at it: laion-fmri config --data-dir " + data.root() + " (or pull with --write-config).");
            }
            if (json) {
                spec.commandLine().getOut().println(outcome);
                spec.commandLine().getOut().flush();
            }
            if (!failed.isEmpty()) {
                throw new PullIncomplete(failed.size() + " of the " + selected.size() + " files selected could not be pulled (each is said above);"
                        + " the rest is in " + data.root() + ". Pull again once the mirror is whole: what is in place is not read again.");
            }
        }
        return 0;
    }

    /** The data directory, which this user must be able to write (or make). */
    private DataDirectory dataDirectory() {
        Store store = Locations.parse(spec.commandLine(), "--data-dir", dataDir.toString(), null, false, true);
        if (store instanceof Store.Bucket) {
            throw new ParameterException(spec.commandLine(), "--data-dir must be a directory on this machine, not " + dataDir);
        }
        Locations.requireWritable(spec.commandLine(), "--data-dir", store);
        return new DataDirectory(((Store.Directory) store).path());
    }

    /** The CC0 licence, as upstream asks for it: a data directory that has the marker needs nothing; else I AGREE now, or --yes. */
    private boolean acceptLicence(DataDirectory data) {
        if (Files.exists(data.licenceMarker())) {
            return false;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println(Cc0Licence.text());
        if (!yes && !Cc0Licence.ACCEPT_PHRASE.equals(new Prompt(err).ask("Type \"" + Cc0Licence.ACCEPT_PHRASE + "\" to accept: "))) {
            throw new LicenseNotAccepted("The licence was not accepted (the answer must be exactly " + Cc0Licence.ACCEPT_PHRASE
                    + "): nothing was pulled.");
        }
        return true;
    }

    /** What has been written so far, for the progress line and the summary. */
    private static final class Totals {
        final long filesPlanned;
        final long bytesPlanned;
        final AtomicLong files = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        Totals(List<PlanItem> missing) {
            filesPlanned = missing.size();
            bytesPlanned = missing.stream().mapToLong(PlanItem::size).sum();
        }
    }

    /**
     * Writes the missing files, {@code --n-jobs} at once. A file whose key cannot be written (it would lead
     * out of the directory, a link stands in its way, it left the mirror since the listing) is said and
     * counted in {@code failed}, and the others go on; any other failure stops the pull, once the files
     * being written have ended (none leaves a {@code .part}).
     */
    private void write(ObjectStore mirror, DataDirectory data, List<PlanItem> missing, Totals totals, List<FailedFile> failed, PrintWriter err)
            throws Exception {
        FileDownload download = new FileDownload(mirror);
        ExecutorService writers = Executors.newFixedThreadPool(jobs());
        try {
            Map<PlanItem, Future<?>> writing = new LinkedHashMap<>();
            for (PlanItem item : missing) {
                writing.put(item, writers.submit(() -> {
                    download.write(item.key(), item.size(), null, data);
                    totals.files.incrementAndGet();
                    totals.bytes.addAndGet(item.size());
                }));
            }
            Instant started = Instant.now();
            Instant lastLine = Instant.EPOCH;
            for (Map.Entry<PlanItem, Future<?>> file : writing.entrySet()) {
                while (!file.getValue().isDone()) {
                    if (Duration.between(lastLine, Instant.now()).toSeconds() >= 5) {
                        err.println(RunFollower.line(new RunRecord.Progress(totals.filesPlanned, totals.bytesPlanned,
                                totals.files.get(), totals.bytes.get()), Duration.between(started, Instant.now())).replace(" objects,", " files,"));
                        err.flush();
                        lastLine = Instant.now();
                    }
                    Thread.sleep(100);
                }
                try {
                    file.getValue().get();
                } catch (ExecutionException failure) {
                    Optional<FailedFile> ofThisFile = FailedFile.of(file.getKey(), failure.getCause());
                    if (ofThisFile.isEmpty()) {
                        writing.values().forEach(other -> other.cancel(false));
                        writers.shutdown();
                        writers.awaitTermination(2, TimeUnit.MINUTES);
                        throw failure.getCause() instanceof Exception cause ? cause : failure;
                    }
                    failed.add(ofThisFile.get().said(err));
                }
            }
        } finally {
            writers.shutdownNow();
        }
    }

    /** A file that could not be pulled, and why, for people. */
    private record FailedFile(PlanItem item, String error) {

        /** The failure of one file's key (unsafe, a link in its way, gone from the mirror); empty for a failure of the whole pull. */
        static Optional<FailedFile> of(PlanItem item, Throwable failure) {
            if (failure instanceof UnsafeKey || failure instanceof LinkRefused) {
                return Optional.of(new FailedFile(item, ((MirrorException) failure).errorName() + ": " + failure.getMessage()));
            }
            if (failure instanceof NoSuchObject) {
                return Optional.of(new FailedFile(item, "NoSuchKey: " + Messages.quoted(item.key()) + " is no longer in the mirror: it changed after"
                        + " it was listed (a sync writing into it?), and nothing was written for it"));
            }
            return Optional.empty();
        }

        static FailedFile said(PrintWriter err, PlanItem item, MirrorException failure) {
            return of(item, failure).orElseThrow().said(err);
        }

        FailedFile said(PrintWriter err) {
            err.println("laion-mirror: " + error + (error.endsWith(".") ? "" : "."));
            err.flush();
            return this;
        }
    }

    /** Upstream's n_jobs: 1 to max(32, twice the processors); any other value falls back to 1. */
    private int jobs() {
        int processors = Runtime.getRuntime().availableProcessors();
        if (nJobs == null) {
            return Math.min(32, 2 * processors);
        }
        return nJobs >= 1 && nJobs <= Math.max(32, 2 * processors) ? nJobs : 1;
    }

    /**
     * The stimulus images, from the mirror, checked against the access service's public manifest: a
     * file already matching it stays; the bucket's policy decides who may read them, and one who may not
     * is told once and the pull carries on.
     */
    private void pullStimuli(ObjectStore mirror, DataDirectory data, Totals totals, PrintWriter err) throws IOException {
        AccessServiceClient service = AccessServiceClient.at(accessService);
        FileDownload download = new FileDownload(mirror);
        for (String name : StimulusSync.FILES) {
            StimulusFile announced = service.manifest().file(name).orElseThrow(() -> new IntegrityError("the access service's manifest does not list "
                    + name));
            String key = StimulusSync.PREFIX + name;
            if (data.holds(key, announced.size()) && announced.sha256().equalsIgnoreCase(sha256(data, key))) {
                continue;
            }
            try {
                download.write(key, announced.size(), announced.sha256(), data);
                totals.files.incrementAndGet();
                totals.bytes.addAndGet(announced.size());
            } catch (CopyDenied denied) {
                err.println("laion-mirror: note: the stimulus images in the mirror are for the holders of their Data Use Agreement, and the"
                        + " bucket's policy does not let you read them (ask lab IT); the rest is pulled.");
                return;
            } catch (NoSuchObject absent) {
                err.println("laion-mirror: note: the mirror holds no stimulus images yet (a sync with --include-stimuli brings them); the rest is pulled.");
                return;
            }
        }
    }

    private static String sha256(DataDirectory data, String key) throws IOException {
        try (InputStream in = data.read(key)) {
            return Sha256.hex(in);
        }
    }

    /** The mirror opened for reading: a bucket, a directory, or the stack's bucket. */
    private ObjectStore open(Store mirrorStore) {
        Store store = mirrorStore != null ? mirrorStore : new Store.Bucket(StackDeployment.mirrorOf(stack != null ? stack : StackDeployment.DEFAULT_STACK,
                region == null ? null : Region.of(region)));
        return store.open("mirror", new RequestCounter());
    }
}
