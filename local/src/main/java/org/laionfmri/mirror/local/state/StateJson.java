package org.laionfmri.mirror.local.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.laionfmri.mirror.state.Lease;
import org.laionfmri.mirror.state.LicenceAcceptance;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import org.laionfmri.mirror.state.StimulusAccess;

/**
 * The body of {@code state.json}: one JSON object, each field named here (the file's format is ours,
 * not the records' shape), absent things null:
 *
 * <pre>
 * {"licence": {"acceptedBy", "name", "acceptedAt", "licenceTextSha256"},
 *  "access":  {"requestId", "email", "termsVersion", "savedAt"},
 *  "lease":   {"runId", "expiresAt"},
 *  "runs":    [{"runId", "request", "startedBy", "status", "startedAt", "endedAt", "totals": {name: n},
 *               "reportKey", "error", "progress": {"toCopy", "bytesToCopy", "copied", "bytesCopied"}}]}
 * </pre>
 *
 * Times are ISO-8601 instants. Reading checks every field, so a body that is not a state is said so:
 * the {@link Unreadable} names the field ("runs[2].status is missing"), its callers say where it was.
 */
final class StateJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StateJson() {}

    static byte[] encode(StateContents contents) {
        ObjectNode root = JSON.createObjectNode();
        root.set("licence", contents.licence == null ? null : licence(contents.licence));
        root.set("access", contents.access == null ? null : access(contents.access));
        root.set("lease", contents.lease == null ? null : lease(contents.lease));
        ArrayNode runs = root.putArray("runs");
        contents.runs.values().forEach(run -> runs.add(run(run)));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StateContents decode(byte[] body) throws Unreadable {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw invalid("it is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid("it is not a JSON object");
        }
        StateContents contents = new StateContents();
        JsonNode licence = object(root, "licence", "", true);
        if (licence != null) {
            contents.licence = new LicenceAcceptance(text(licence, "acceptedBy", "licence."), text(licence, "name", "licence."),
                    instant(licence, "acceptedAt", "licence."), text(licence, "licenceTextSha256", "licence."));
        }
        JsonNode access = object(root, "access", "", true);
        if (access != null) {
            contents.access = new StimulusAccess(text(access, "requestId", "access."), text(access, "email", "access."),
                    text(access, "termsVersion", "access."), instant(access, "savedAt", "access."));
        }
        JsonNode lease = object(root, "lease", "", true);
        if (lease != null) {
            contents.lease = new Lease(text(lease, "runId", "lease."), instant(lease, "expiresAt", "lease."));
        }
        JsonNode runs = root.get("runs");
        if (runs == null || !runs.isArray()) {
            throw invalid("runs is not a list");
        }
        for (int i = 0; i < runs.size(); i++) {
            RunRecord run = run(runs.get(i), "runs[" + i + "].");
            if (contents.runs.put(run.runId(), run) != null) {
                throw invalid("run " + run.runId() + " is listed twice");
            }
        }
        return contents;
    }

    private static ObjectNode licence(LicenceAcceptance licence) {
        return JSON.createObjectNode().put("acceptedBy", licence.acceptedBy()).put("name", licence.name())
                .put("acceptedAt", licence.acceptedAt().toString()).put("licenceTextSha256", licence.licenceTextSha256());
    }

    private static ObjectNode access(StimulusAccess access) {
        return JSON.createObjectNode().put("requestId", access.requestId()).put("email", access.email())
                .put("termsVersion", access.termsVersion()).put("savedAt", access.savedAt().toString());
    }

    private static ObjectNode lease(Lease lease) {
        return JSON.createObjectNode().put("runId", lease.runId()).put("expiresAt", lease.expiresAt().toString());
    }

    private static ObjectNode run(RunRecord run) {
        ObjectNode node = JSON.createObjectNode().put("runId", run.runId()).put("request", run.requestJson()).put("startedBy", run.startedBy())
                .put("status", run.status().name()).put("startedAt", run.startedAt().toString())
                .put("endedAt", run.endedAt() == null ? null : run.endedAt().toString());
        ObjectNode totals = node.putObject("totals");
        run.totals().forEach(totals::put);
        node.put("reportKey", run.reportKey()).put("error", run.error());
        RunRecord.Progress progress = run.progress();
        node.putObject("progress").put("toCopy", progress.toCopy()).put("bytesToCopy", progress.bytesToCopy())
                .put("copied", progress.copied()).put("bytesCopied", progress.bytesCopied());
        return node;
    }

    private static RunRecord run(JsonNode node, String at) throws Unreadable {
        if (node == null || !node.isObject()) {
            throw invalid(at.substring(0, at.length() - 1) + " is not an object");
        }
        String status = text(node, "status", at);
        RunStatus runStatus;
        try {
            runStatus = RunStatus.valueOf(status);
        } catch (IllegalArgumentException unknown) {
            throw invalid(at + "status " + status + " is not a run status");
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        JsonNode totalValues = object(node, "totals", at, false);
        for (Map.Entry<String, JsonNode> total : totalValues.properties()) {
            totals.put(total.getKey(), number(totalValues, total.getKey(), at + "totals."));
        }
        JsonNode progress = object(node, "progress", at, false);
        String progressAt = at + "progress.";
        return new RunRecord(text(node, "runId", at), text(node, "request", at), optionalText(node, "startedBy", at), runStatus,
                instant(node, "startedAt", at), optionalInstant(node, "endedAt", at), totals, optionalText(node, "reportKey", at),
                optionalText(node, "error", at), new RunRecord.Progress(number(progress, "toCopy", progressAt),
                        number(progress, "bytesToCopy", progressAt), number(progress, "copied", progressAt),
                        number(progress, "bytesCopied", progressAt)));
    }

    private static JsonNode object(JsonNode parent, String field, String at, boolean nullable) throws Unreadable {
        JsonNode node = parent.get(field);
        if (nullable && node != null && node.isNull()) {
            return null;
        }
        if (node == null || !node.isObject()) {
            throw invalid(at + field + " is not an object");
        }
        return node;
    }

    private static String text(JsonNode parent, String field, String at) throws Unreadable {
        String text = optionalText(parent, field, at);
        if (text == null) {
            throw invalid(at + field + " is missing");
        }
        return text;
    }

    private static String optionalText(JsonNode parent, String field, String at) throws Unreadable {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw invalid(at + field + " is missing");
        }
        if (!node.isNull() && !node.isTextual()) {
            throw invalid(at + field + " is not a string");
        }
        return node.isNull() ? null : node.asText();
    }

    private static Instant instant(JsonNode parent, String field, String at) throws Unreadable {
        return parse(text(parent, field, at), at + field);
    }

    private static Instant optionalInstant(JsonNode parent, String field, String at) throws Unreadable {
        String text = optionalText(parent, field, at);
        return text == null ? null : parse(text, at + field);
    }

    private static Instant parse(String text, String field) throws Unreadable {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notATime) {
            throw invalid(field + " " + text + " is not a time");
        }
    }

    private static long number(JsonNode parent, String field, String at) throws Unreadable {
        JsonNode node = parent.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(at + field + " is not a whole number");
        }
        return node.asLong();
    }

    private static Unreadable invalid(String what) {
        return new Unreadable(what);
    }
}
