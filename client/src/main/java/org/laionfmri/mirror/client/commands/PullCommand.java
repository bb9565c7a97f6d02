package org.laionfmri.mirror.client.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.laionfmri.mirror.client.ExitCode;
import org.laionfmri.mirror.client.operations.MirrorTarget;
import org.laionfmri.mirror.client.operations.Pull;
import org.laionfmri.mirror.client.output.Bytes;
import org.laionfmri.mirror.client.output.ProgressLines;
import org.laionfmri.mirror.datadir.DataDirectory;
import org.laionfmri.mirror.error.LicenseNotAccepted;
import org.laionfmri.mirror.licence.Cc0Licence;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.state.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

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
final class PullCommand extends MirrorCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    SelectionOptions selection;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The laion_fmri data directory to fill (made if missing).")
    Path dataDir;

    @Option(names = "--from", paramLabel = "S3URI|DIR", description = "The mirror: s3://bucket[/prefix] or a directory (default: the deployed stack's).")
    String from;

    @Option(names = "--from-endpoint", paramLabel = "URL", description = "Endpoint of an S3-compatible store holding the mirror.")
    URI fromEndpoint;

    @Option(names = "--n-jobs", paramLabel = "N", description = "Files written at once (default: twice the processors, at most 32; as upstream).")
    Integer nJobs;

    @Option(names = "--yes", description = "Accept the CC0 licence without the prompt (you have read it): the data directory's marker is written.")
    boolean yes;

    @Option(names = "--write-config", description = "Point the laion_fmri package at the data directory ($XDG_CONFIG_HOME/laion_fmri/config.json).")
    boolean writeConfig;

    @Option(names = "--json", description = "The outcome as one JSON object on stdout: dataDir, pulled, bytes, inPlace, failed, config.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        MirrorRequest request = selection.toRequest().build();
        DataDirectory data = dataDirectory();
        Store named = from != null ? fromStore(data) : null;
        MirrorTarget target = mirror.target();
        Pull pull = new Pull(named != null ? named : target.readableMirror(), data, Pull.jobs(nJobs), target.accessServiceClient());
        if (!pull.licenceAccepted()) {
            acceptLicence();
            pull.acceptLicence();
        }
        PrintWriter err = err();
        ProgressLines progress = new ProgressLines(err, false, "files");
        Pull.Outcome outcome;
        try (Interruption interruption = Interruption.handle(() -> err.println("laion-mirror: Interrupted: " + pull.pulled()
                + " files pulled; pull again to finish (nothing partial is under a final name)."))) {
            outcome = pull.pull(request, new Pull.Listener() {
                @Override
                public void progressed(RunRecord.Progress sofar, Duration elapsed) {
                    progress.show(sofar, elapsed);
                }

                @Override
                public void failed(Pull.FailedFile file) {
                    err.println("laion-mirror: " + file.error() + (file.error().endsWith(".") ? "" : "."));
                    err.flush();
                }

                @Override
                public void stimuliSkipped(Pull.StimuliSkipped why) {
                    err.println(switch (why) {
                        case NOT_READABLE -> "laion-mirror: note: the stimulus images in the mirror are for the holders of their Data Use Agreement,"
                                + " and the bucket's policy does not let you read them (ask lab IT); the rest is pulled.";
                        case NOT_IN_MIRROR -> "laion-mirror: note: the mirror holds no stimulus images yet (a sync with --include-stimuli brings"
                                + " them); the rest is pulled.";
                    });
                }
            });
        }
        err.printf("Pulled %d files (%s) into %s; %d were in place already.%n", outcome.pulled(), Bytes.human(outcome.bytes()), data.root(),
                outcome.inPlace());
        ObjectNode said = JSON.createObjectNode().put("dataDir", data.root().toString()).put("pulled", outcome.pulled())
                .put("bytes", outcome.bytes()).put("inPlace", outcome.inPlace());
        ArrayNode failedKeys = said.putArray("failed");
        outcome.failed().forEach(file -> failedKeys.addObject().put("key", file.key()).put("error", file.error()));
        if (writeConfig) {
            Path config = pull.pointPackageHere();
            said.put("config", config.toString());
            err.println("The laion_fmri package now reads " + data.root() + " (" + config + ").");
        } else {
            err.println("Point the laion_fmri package at it: laion-fmri config --data-dir " + data.root() + " (or pull with --write-config).");
        }
        if (json) {
            out().println(said);
            out().flush();
        }
        if (!outcome.failed().isEmpty()) {
            throw new PullIncomplete(outcome.failed().size() + " of the " + outcome.selected() + " files selected could not be pulled (each is said"
                    + " above); the rest is in " + data.root() + ". Pull again once the mirror is whole: what is in place is not read again.");
        }
        return ExitCode.OK;
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

    /** The mirror {@code --from} names, apart from the data directory; a bucket there, with credentials to read it. */
    private Store fromStore(DataDirectory data) {
        if (mirror.local || mirror.dest != null || mirror.stack != null || mirror.region != null) {
            throw new ParameterException(spec.commandLine(), "--from names the mirror: leave out --local, --dest, --stack and --region");
        }
        Store store = Locations.parse(spec.commandLine(), "--from", from, fromEndpoint, false, false);
        if (store instanceof Store.Directory directory && (data.root().startsWith(directory.path()) || directory.path().startsWith(data.root()))) {
            throw new ParameterException(spec.commandLine(), "--data-dir: " + data.root() + " must be apart from the mirror " + directory.path());
        }
        if (store instanceof Store.Bucket bucket) {
            BucketCheck.require(spec.commandLine(), "--from", bucket.location());
        }
        return store;
    }

    /** The CC0 licence, as upstream asks for it: I AGREE now, or --yes. */
    private void acceptLicence() {
        PrintWriter err = err();
        err.println(Cc0Licence.text());
        if (!yes && !Cc0Licence.ACCEPT_PHRASE.equals(new Prompt(err).ask("Type \"" + Cc0Licence.ACCEPT_PHRASE + "\" to accept: "))) {
            throw new LicenseNotAccepted("The licence was not accepted (the answer must be exactly " + Cc0Licence.ACCEPT_PHRASE
                    + "): nothing was pulled.");
        }
    }
}
