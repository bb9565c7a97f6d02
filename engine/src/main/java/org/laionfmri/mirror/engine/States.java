package org.laionfmri.mirror.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed graph of states (a state machine, a Parallel branch, a Map's item processor), checked as it
 * is parsed: a field or state type the engine does not run is a {@link DefinitionException} naming the
 * state and the field, never silently ignored.
 */
record States(String startAt, Map<String, State> states) {

    /** The fields every state may have, and those each type adds. */
    private static final Set<String> COMMON = Set.of("Type", "Comment");
    private static final Set<String> PATHS = Set.of("InputPath", "OutputPath");
    private static final Map<String, Set<String>> TYPE_FIELDS = Map.of(
            "Pass", Set.of("Next", "End", "Result", "ResultPath", "Parameters"),
            "Task", Set.of("Next", "End", "Resource", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch"),
            "Choice", Set.of("Choices", "Default"),
            "Parallel", Set.of("Next", "End", "Branches", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch"),
            "Map", Set.of("Next", "End", "ItemProcessor", "ItemsPath", "ItemSelector", "MaxConcurrency", "MaxConcurrencyPath",
                    "ResultSelector", "ResultPath", "Retry", "Catch", "ItemReader", "ItemBatcher", "ResultWriter",
                    "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label"),
            "Succeed", Set.of(),
            "Fail", Set.of("Error", "Cause", "ErrorPath", "CausePath"));

    static States parse(String where, JsonNode graph) {
        allowOnly(where, graph, Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds", "ProcessorConfig", "QueryLanguage"));
        if (graph.has("TimeoutSeconds")) {
            throw new DefinitionException(where, "TimeoutSeconds is not supported");
        }
        if (graph.has("QueryLanguage") && !graph.get("QueryLanguage").asText().equals("JSONPath")) {
            throw new DefinitionException(where, "only the JSONPath query language is supported");
        }
        String startAt = graph.path("StartAt").asText(null);
        if (startAt == null || !graph.path("States").isObject()) {
            throw new DefinitionException(where, "StartAt and States are required");
        }
        Map<String, State> states = new LinkedHashMap<>();
        graph.get("States").properties().forEach(entry -> states.put(entry.getKey(), State.parse(entry.getKey(), entry.getValue())));
        States parsed = new States(startAt, states);
        parsed.checkTransitions(where);
        return parsed;
    }

    State state(String name) {
        State state = states.get(name);
        if (state == null) {
            throw new StatesError(StatesError.RUNTIME, "no state named " + name);
        }
        return state;
    }

    private void checkTransitions(String where) {
        Set<String> targets = new HashSet<>();
        targets.add(startAt);
        for (State state : states.values()) {
            targets.addAll(state.targets());
        }
        for (String target : targets) {
            if (!states.containsKey(target)) {
                throw new DefinitionException(where, "the transition target " + target + " is not a state");
            }
        }
    }

    static void allowOnly(String where, JsonNode node, Set<String> allowed) {
        if (!node.isObject()) {
            throw new DefinitionException(where, "must be an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new DefinitionException(where, "the field " + name + " is not supported here");
            }
        }
    }

    static List<String> errorEquals(String where, JsonNode entry) {
        List<String> names = new ArrayList<>();
        entry.path("ErrorEquals").forEach(name -> names.add(name.asText()));
        if (names.isEmpty()) {
            throw new DefinitionException(where, "ErrorEquals must name at least one error");
        }
        return names;
    }

    /** One state: its type, paths, transitions, and its type's configuration (kept as parsed JSON, with compiled parts). */
    record State(
            String name,
            String type,
            JsonNode json,
            String next,
            boolean end,
            String inputPath,
            String outputPath,
            String resultPath,
            Template parameters,
            Template resultSelector,
            List<Retrier> retry,
            List<Catcher> catchers,
            List<Choice> choices,
            List<States> branches,
            MapConfig map) {

        static final String ABSENT_PATH = "$";

        static State parse(String name, JsonNode json) {
            String where = "state " + name;
            String type = json.path("Type").asText(null);
            if (type == null || !TYPE_FIELDS.containsKey(type)) {
                throw new DefinitionException(where, "the state type " + type + " is not supported (supported: " + TYPE_FIELDS.keySet() + ")");
            }
            Set<String> allowed = new HashSet<>(COMMON);
            allowed.addAll(TYPE_FIELDS.get(type));
            if (!type.equals("Fail")) {
                allowed.addAll(PATHS);
            }
            allowOnly(where, json, allowed);
            String next = json.path("Next").asText(null);
            boolean end = json.path("End").asBoolean(false);
            if (TYPE_FIELDS.get(type).contains("Next") && (next == null) == !end) {
                throw new DefinitionException(where, "exactly one of Next and End is required");
            }
            List<Retrier> retry = new ArrayList<>();
            for (int i = 0; i < json.path("Retry").size(); i++) {
                retry.add(Retrier.parse(where + ".Retry[" + i + "]", json.get("Retry").get(i)));
            }
            List<Catcher> catchers = new ArrayList<>();
            for (int i = 0; i < json.path("Catch").size(); i++) {
                catchers.add(Catcher.parse(where + ".Catch[" + i + "]", json.get("Catch").get(i)));
            }
            List<Choice> choices = new ArrayList<>();
            for (int i = 0; i < json.path("Choices").size(); i++) {
                JsonNode choice = json.get("Choices").get(i);
                String choiceWhere = where + ".Choices[" + i + "]";
                if (!choice.path("Next").isTextual()) {
                    throw new DefinitionException(choiceWhere, "Next is required");
                }
                choices.add(new Choice(ChoiceRule.parse(choiceWhere, choice), choice.get("Next").asText()));
            }
            List<States> branches = new ArrayList<>();
            for (int i = 0; i < json.path("Branches").size(); i++) {
                branches.add(States.parse(where + ".Branches[" + i + "]", json.get("Branches").get(i)));
            }
            if (type.equals("Task")) {
                checkResource(where, json.path("Resource").asText(""));
            }
            String inputPath = path(where + ".InputPath", json, "InputPath");
            String outputPath = path(where + ".OutputPath", json, "OutputPath");
            String resultPath = path(where + ".ResultPath", json, "ResultPath");
            if (resultPath != null) {
                JsonPaths.validateReference(where + ".ResultPath", resultPath);
            }
            return new State(name, type, json, next, end, inputPath, outputPath, resultPath,
                    template(where + ".Parameters", json.get("Parameters")),
                    template(where + ".ResultSelector", json.get("ResultSelector")),
                    List.copyOf(retry), List.copyOf(catchers), List.copyOf(choices), List.copyOf(branches),
                    type.equals("Map") ? MapConfig.parse(where, json) : null);
        }

        /** The Lambda integrations: the optimised {@code lambda:invoke} (result wrapped) or a function ARN (payload as is). */
        private static void checkResource(String where, String resource) {
            if (!Resources.isIntegration(resource, Resources.LAMBDA_INVOKE) && !Resources.isLambdaFunction(resource)) {
                throw new DefinitionException(where + ".Resource", "\"" + resource + "\" is not supported (only " + Resources.describe(Resources.LAMBDA_INVOKE)
                        + " and Lambda function ARNs)");
            }
        }

        /** The path, {@code $} when absent, or null when the field is JSON null (discard). */
        private static String path(String where, JsonNode json, String field) {
            if (!json.has(field)) {
                return ABSENT_PATH;
            }
            if (json.get(field).isNull()) {
                return null;
            }
            JsonPaths.validate(where, json.get(field).asText());
            return json.get(field).asText();
        }

        private static Template template(String where, JsonNode template) {
            return template == null ? null : Template.compile(where, template);
        }

        Set<String> targets() {
            Set<String> targets = new HashSet<>();
            if (next != null) {
                targets.add(next);
            }
            if (json.has("Default")) {
                targets.add(json.get("Default").asText());
            }
            choices.forEach(choice -> targets.add(choice.next()));
            catchers.forEach(catcher -> targets.add(catcher.next()));
            return targets;
        }
    }

    record Choice(ChoiceRule rule, String next) {}

    /** One Catch entry: the errors it catches, where the error output goes, the state to go on to. */
    record Catcher(List<String> errorEquals, String resultPath, String next) {

        static Catcher parse(String where, JsonNode entry) {
            allowOnly(where, entry, Set.of("ErrorEquals", "ResultPath", "Next"));
            String resultPath = entry.has("ResultPath") ? (entry.get("ResultPath").isNull() ? null : entry.get("ResultPath").asText()) : "$";
            if (resultPath != null) {
                JsonPaths.validateReference(where + ".ResultPath", resultPath);
            }
            if (!entry.path("Next").isTextual()) {
                throw new DefinitionException(where, "Next is required");
            }
            return new Catcher(States.errorEquals(where, entry), resultPath, entry.get("Next").asText());
        }

        boolean catches(StatesError error) {
            return errorEquals.stream().anyMatch(error::matches);
        }
    }
}
