package org.laionfmri.mirror.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSONPath as the States Language uses it, over Jackson trees, with Jayway JsonPath doing the reading.
 * Writing (ResultPath) takes reference paths only: fields and indexes, no wildcards or filters.
 */
final class JsonPaths {

    private static final Configuration JACKSON = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern REFERENCE_STEP = Pattern.compile("\\.([A-Za-z0-9_\\-]+)|\\['([^']+)'\\]|\\[(\\d+)\\]");

    private JsonPaths() {}

    /** Checks a path at load time. */
    static void validate(String where, String path) {
        if (path == null || !path.startsWith("$")) {
            throw new DefinitionException(where, "\"" + path + "\" is not a JSONPath (it must start with $)");
        }
        try {
            JsonPath.compile(path.startsWith("$$") ? path.substring(1) : path);
        } catch (InvalidPathException e) {
            throw new DefinitionException(where, "\"" + path + "\" is not a valid JSONPath: " + e.getMessage());
        }
    }

    /** Checks a reference path (ResultPath) at load time. */
    static void validateReference(String where, String path) {
        validate(where, path);
        steps(where, path);
    }

    /** Reads {@code path} ({@code $...} from the input, {@code $$...} from the context object). */
    static JsonNode read(String path, JsonNode input, JsonNode context) {
        boolean fromContext = path.startsWith("$$");
        JsonNode document = fromContext ? context : input;
        String jsonPath = fromContext ? path.substring(1) : path;
        if (jsonPath.equals("$")) {
            return document;
        }
        try {
            Object value = JsonPath.using(JACKSON).parse(document).read(jsonPath);
            return value == null ? NullNode.getInstance() : value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
        } catch (PathNotFoundException e) {
            throw new StatesError(StatesError.RUNTIME, "The JSONPath '" + path + "' could not be found in the input '" + abbreviate(document) + "'");
        }
    }

    static boolean isPresent(String path, JsonNode input, JsonNode context) {
        try {
            read(path, input, context);
            return true;
        } catch (StatesError missing) {
            return false;
        }
    }

    /** The input with {@code value} placed at reference path {@code path} ({@code $} replaces the input). */
    static JsonNode write(String path, JsonNode input, JsonNode value) {
        List<Object> steps = steps("ResultPath", path);
        if (steps.isEmpty()) {
            return value;
        }
        if (!input.isObject()) {
            throw new StatesError(StatesError.RUNTIME, "ResultPath '" + path + "' cannot be applied to a non-object input '" + abbreviate(input) + "'");
        }
        JsonNode root = input.deepCopy();
        JsonNode parent = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            Object step = steps.get(i);
            JsonNode child = step instanceof String field ? parent.get(field) : parent.get((Integer) step);
            if (child == null || !child.isContainerNode()) {
                if (!(step instanceof String field) || !parent.isObject()) {
                    throw new StatesError(StatesError.RUNTIME, "ResultPath '" + path + "' does not fit the input");
                }
                child = ((ObjectNode) parent).putObject(field);
            }
            parent = child;
        }
        Object last = steps.get(steps.size() - 1);
        if (last instanceof String field && parent.isObject()) {
            ((ObjectNode) parent).set(field, value);
        } else if (last instanceof Integer index && parent.isArray() && index < parent.size()) {
            ((ArrayNode) parent).set(index, value);
        } else {
            throw new StatesError(StatesError.RUNTIME, "ResultPath '" + path + "' does not fit the input");
        }
        return root;
    }

    private static List<Object> steps(String where, String path) {
        List<Object> steps = new ArrayList<>();
        Matcher step = REFERENCE_STEP.matcher(path);
        int at = 1;
        while (at < path.length()) {
            if (!step.find(at) || step.start() != at) {
                throw new DefinitionException(where, "\"" + path + "\" is not a reference path (fields and indexes only)");
            }
            steps.add(step.group(3) != null ? (Object) Integer.parseInt(step.group(3)) : step.group(1) != null ? step.group(1) : step.group(2));
            at = step.end();
        }
        return steps;
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static String abbreviate(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
