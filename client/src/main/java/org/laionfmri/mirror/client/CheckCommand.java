package org.laionfmri.mirror.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.TreeMap;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.plan.MirrorCheck;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.stimuli.AccessServiceClient;
import org.laionfmri.mirror.stimuli.Manifest;
import org.laionfmri.mirror.stimuli.StimulusFile;
import org.laionfmri.mirror.stimuli.StimulusSync;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.StoredObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code laion-mirror check}: proves a mirror complete for a selection, as {@code rclone check} does:
 * what the mirror lacks, what it holds with another size, what it holds under the selection that the
 * source no longer has (LIST requests only), and, asked with {@code --include-stimuli}, whether the
 * stimulus files match the access service's manifest. Exit 1 when anything differs.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compares the mirror with the source for a selection: missing, resized and stale objects, and the stimulus files.")
final class CheckCommand extends MirrorCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    SelectionOptions selection;

    @Mixin
    SourceOptions source;

    @Option(names = "--json", description = "The differences as one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        MirrorRequest request = selection.toRequest().build();
        Store from = source.store();
        SubjectPreflight.requireKnown(from, request); // as sync: a subject the source does not hold is invalid input, not a difference
        Store to = mirror.readableMirror();
        ObjectNode found = JSON.createObjectNode();
        boolean same;
        try (OpenStorage opened = new OpenStorage(from, to)) {
            MirrorCheck.Differences differences = new MirrorCheck(opened.source, opened.mirror).check(request);
            found.put("compared", differences.compared());
            found.set("missing", JSON.valueToTree(differences.missing()));
            found.set("resized", JSON.valueToTree(differences.resized()));
            found.set("stale", JSON.valueToTree(differences.stale()));
            found.set("s3Requests", JSON.valueToTree(opened.requests()));
            same = differences.none();
            if (request.includes().stimuli()) {
                ArrayNode stimuli = stimuli(opened.mirrorStore());
                found.set("stimuli", stimuli);
                same &= stimuli.isEmpty();
            }
        }
        found.put("same", same);
        if (json) {
            out().println(found);
        } else {
            print(found, out());
        }
        out().flush();
        return same ? 0 : LaionMirror.EXIT_FAILED;
    }

    /** The stimulus files that do not match the manifest, each with what is wrong. */
    private ArrayNode stimuli(ObjectStore bucket) {
        Manifest manifest = AccessServiceClient.at(mirror.accessService)
                .manifest();
        ArrayNode wrong = JSON.createArrayNode();
        for (String name : StimulusSync.FILES) {
            String key = StimulusSync.PREFIX + name;
            Optional<StimulusFile> announced = manifest.file(name);
            Optional<StoredObject> stored = bucket.head(key);
            String problem = announced.isEmpty() ? "the manifest does not list it"
                    : stored.isEmpty() ? "missing"
                    : stored.get().size() != announced.get().size() ? "its size is " + stored.get().size() + ", not " + announced.get().size()
                    : !announced.get().sha256().equalsIgnoreCase(sha256(bucket, key, stored.get())) ? "its sha256 is not the manifest's" : null;
            if (problem != null) {
                wrong.addObject().put("key", key).put("problem", problem);
            }
        }
        return wrong;
    }

    /** The sha256 the stimulus step recorded with the object, or read from its bytes when it has none. */
    private static String sha256(ObjectStore bucket, String key, StoredObject stored) {
        String recorded = stored.metadata().get(StimulusSync.SHA256_METADATA);
        if (recorded != null) {
            return recorded;
        }
        try (InputStream in = bucket.read(key)) {
            return Sha256.hex(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + key + ": " + e.getMessage(), e);
        }
    }

    private static void print(ObjectNode found, PrintWriter out) {
        found.path("missing").forEach(entry -> out.println("missing  " + entry.path("key").asText() + " (" + Bytes.human(entry.path("size").asLong()) + ")"));
        found.path("resized").forEach(entry -> out.println("resized  " + entry.path("key").asText() + " (source " + entry.path("sourceSize").asLong()
                + " B, mirror " + entry.path("mirrorSize").asLong() + " B)"));
        found.path("stale").forEach(entry -> out.println("stale    " + entry.path("key").asText() + " (the source no longer has it)"));
        found.path("stimuli").forEach(entry -> out.println("stimulus " + entry.path("key").asText() + ": " + entry.path("problem").asText()));
        out.printf("%s: %d objects compared; %d missing, %d resized, %d stale%s%s%n", found.path("same").asBoolean() ? "The same"
                : "Differences", found.path("compared").asLong(), found.path("missing").size(), found.path("resized").size(), found.path("stale").size(),
                found.has("stimuli") ? ", " + found.path("stimuli").size() + " stimulus files wrong" : "",
                OpenStorage.said(JSON.convertValue(found.path("s3Requests"), TreeMap.class)));
    }
}
