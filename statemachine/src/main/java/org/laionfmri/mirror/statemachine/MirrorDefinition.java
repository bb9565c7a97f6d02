package org.laionfmri.mirror.statemachine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mirror.asl.json}, the one definition of the workflow: the stack deploys it and the local
 * engine runs it, each setting its run timeout and filling in its {@code ${Name}} substitutions (the
 * partition, function names, the mirror bucket and prefix, copy concurrency).
 */
public final class MirrorDefinition {

    public static final String RESOURCE = "/mirror.asl.json";
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private MirrorDefinition() {}

    /** The definition with its executions' time limit ({@code TimeoutSeconds}) set to {@code timeout}. */
    public static String text(Duration timeout) {
        try {
            ObjectNode definition = (ObjectNode) JSON.readTree(text());
            definition.put("TimeoutSeconds", Math.max(1, timeout.toSeconds()));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(RESOURCE + " is not JSON", e);
        }
    }

    public static String text() {
        try (InputStream in = MirrorDefinition.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The definition with its time limit set and every substitution filled in; a missing value is an error naming it. */
    public static String substituted(Duration timeout, Map<String, String> values) {
        Matcher matcher = SUBSTITUTION.matcher(text(timeout));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for the definition substitution ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
