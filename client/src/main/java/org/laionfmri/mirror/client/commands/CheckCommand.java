package org.laionfmri.mirror.client.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.TreeMap;
import org.laionfmri.mirror.client.ExitCode;
import org.laionfmri.mirror.client.operations.CheckMirror;
import org.laionfmri.mirror.client.output.Bytes;
import org.laionfmri.mirror.client.output.S3Requests;
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
        CheckMirror.Outcome outcome = CheckMirror.check(selection.toRequest().build(), source.store(), mirror.target());
        ObjectNode found = JSON.createObjectNode();
        found.put("compared", outcome.differences().compared());
        found.set("missing", JSON.valueToTree(outcome.differences().missing()));
        found.set("resized", JSON.valueToTree(outcome.differences().resized()));
        found.set("stale", JSON.valueToTree(outcome.differences().stale()));
        found.set("s3Requests", JSON.valueToTree(outcome.requests()));
        outcome.stimuli().ifPresent(wrong -> found.set("stimuli", JSON.valueToTree(wrong)));
        found.put("same", outcome.same());
        if (json) {
            out().println(found);
        } else {
            print(found, out());
        }
        out().flush();
        return outcome.same() ? ExitCode.OK : ExitCode.FAILED;
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
                S3Requests.said(JSON.convertValue(found.path("s3Requests"), TreeMap.class)));
    }
}
