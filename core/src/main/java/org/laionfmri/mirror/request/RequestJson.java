package org.laionfmri.mirror.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.laionfmri.mirror.error.InvalidRequest;

/**
 * The request's JSON form (the execution input), read and written. Reading rejects unknown fields and
 * wrong types with the path of the field at fault; value rules are the {@link MirrorRequest.Builder}'s.
 *
 * <pre>
 * {"subjects": ["sub-01", "03"] | "all",          (absent: no subject, for stimulus files alone)
 *  "rawOnly": false,                               (true: upstream's download_raw())
 *  "filters": {"ses": ["04", "averages"], "task": null, ..., "extension": null},   (run, echo, part: raw-only)
 *  "include": {"stimuli": false, "embeddings": false | true | "all" | "CLIP" | ["CLIP"], "captions": false, ...},
 *  "dryRun": false,
 *  "startedBy": "arn:aws:sts::123456789012:assumed-role/admin/ada"}
 * </pre>
 */
public final class RequestJson {

    private static final Set<String> TOP_LEVEL = Set.of("subjects", "rawOnly", "filters", "include", "dryRun", "startedBy");

    private final ObjectMapper mapper;

    public RequestJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public MirrorRequest parse(String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRequest("request", "is not valid JSON: " + e.getOriginalMessage());
        }
        return parse(root);
    }

    public MirrorRequest parse(JsonNode root) {
        requireType("request", root, JsonNodeType.OBJECT, "a JSON object");
        rejectUnknown("", root, TOP_LEVEL);
        MirrorRequest.Builder builder = MirrorRequest.builder();
        JsonNode subjects = root.get("subjects");
        if (subjects != null && !subjects.isNull()) {
            builder.subjects(strings("subjects", subjects));
        }
        builder.rawOnly(optionalBoolean("rawOnly", root.get("rawOnly")));
        readFilters(root.get("filters"), builder);
        readIncludes(root.get("include"), builder);
        builder.dryRun(optionalBoolean("dryRun", root.get("dryRun")));
        JsonNode startedBy = root.get("startedBy");
        if (startedBy != null && !startedBy.isNull()) {
            requireType("startedBy", startedBy, JsonNodeType.STRING, "a string");
            builder.startedBy(startedBy.textValue());
        }
        return builder.build();
    }

    /** The canonical form of a valid request: what later steps receive, and what a run records. */
    public ObjectNode write(MirrorRequest request) {
        ObjectNode root = mapper.createObjectNode();
        if (request.subjects().all()) {
            root.put("subjects", SubjectSelection.ALL);
        } else if (!request.subjects().isNone()) {
            request.subjects().ids().forEach(root.putArray("subjects")::add);
        }
        if (request.rawOnly()) {
            root.put("rawOnly", true);
        }
        ObjectNode filters = root.putObject("filters");
        request.filters().active().forEach((field, values) -> values.forEach(filters.putArray(field.fieldName())::add));
        Includes includes = request.includes();
        ObjectNode include = root.putObject("include");
        include.put("stimuli", includes.stimuli());
        if (!includes.embeddings().isEmpty()) {
            ArrayNode embeddings = include.putArray("embeddings");
            includes.embeddings().forEach(model -> embeddings.add(model.label()));
        }
        include.put("captions", includes.captions());
        include.put("segmentations", includes.segmentations());
        include.put("freesurfer", includes.freesurfer());
        include.put("anatomical", includes.anatomical());
        include.put("raw", includes.raw());
        include.put("localizers", includes.localizers());
        root.put("dryRun", request.dryRun());
        if (request.startedBy() != null) {
            root.put("startedBy", request.startedBy());
        }
        return root;
    }

    private void readFilters(JsonNode filters, MirrorRequest.Builder builder) {
        if (filters == null || filters.isNull()) {
            return;
        }
        requireType("filters", filters, JsonNodeType.OBJECT, "an object");
        rejectUnknown("filters.", filters, Arrays.stream(FilterField.values()).map(FilterField::fieldName).collect(Collectors.toSet()));
        for (FilterField field : FilterField.values()) {
            JsonNode value = filters.get(field.fieldName());
            if (value != null && !value.isNull()) {
                builder.filter(field, strings("filters." + field.fieldName(), value));
            }
        }
    }

    private void readIncludes(JsonNode include, MirrorRequest.Builder builder) {
        if (include == null || include.isNull()) {
            return;
        }
        requireType("include", include, JsonNodeType.OBJECT, "an object");
        Map<String, BiConsumer<MirrorRequest.Builder, Boolean>> flags = Map.of(
                "stimuli", MirrorRequest.Builder::includeStimuli,
                "captions", MirrorRequest.Builder::includeCaptions,
                "segmentations", MirrorRequest.Builder::includeSegmentations,
                "freesurfer", MirrorRequest.Builder::includeFreesurfer,
                "anatomical", MirrorRequest.Builder::includeAnatomical,
                "raw", MirrorRequest.Builder::includeRaw,
                "localizers", MirrorRequest.Builder::includeLocalizers);
        List<String> known = new ArrayList<>(flags.keySet());
        known.add("embeddings");
        rejectUnknown("include.", include, Set.copyOf(known));
        flags.forEach((name, setter) -> setter.accept(builder, optionalBoolean("include." + name, include.get(name))));
        readEmbeddings(include.get("embeddings"), builder);
    }

    /** {@code false}/null: none; {@code true} or {@code "all"}: all models; a label or a list of labels. */
    private void readEmbeddings(JsonNode embeddings, MirrorRequest.Builder builder) {
        if (embeddings == null || embeddings.isNull() || embeddings.isBoolean() && !embeddings.booleanValue()) {
            return;
        }
        if (embeddings.isBoolean()) {
            builder.includeEmbeddings(List.of(SubjectSelection.ALL));
            return;
        }
        builder.includeEmbeddings(strings("include.embeddings", embeddings));
    }

    /** A string or a list of strings, as a list. */
    private static List<String> strings(String field, JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        requireType(field, node, JsonNodeType.ARRAY, "a string or a list of strings");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            requireType(field + "[" + i + "]", item, JsonNodeType.STRING, "a string");
            values.add(item.textValue());
        }
        return values;
    }

    private static boolean optionalBoolean(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        requireType(field, node, JsonNodeType.BOOLEAN, "true or false");
        return node.booleanValue();
    }

    private static void requireType(String field, JsonNode node, JsonNodeType type, String expected) {
        if (node.getNodeType() != type) {
            throw new InvalidRequest(field, "must be " + expected + ", not " + abbreviate(node.toString()));
        }
    }

    private static void rejectUnknown(String path, JsonNode object, Set<String> known) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidRequest(path + name, "unknown field; expected one of " + known.stream().sorted().toList());
            }
        }
    }

    private static String abbreviate(String json) {
        return json.length() <= 80 ? json : json.substring(0, 77) + "...";
    }
}
