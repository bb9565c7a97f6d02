package org.laionfmri.mirror.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The intrinsic functions a definition may call in a {@code .$} field: {@code States.Format}, {@code
 * States.StringToJson}, {@code States.JsonToString}, {@code States.Array}. Calls are parsed when the
 * definition loads (an unknown function is a load-time error) and evaluated against the state's input
 * and the context object.
 */
final class Intrinsics {

    private static final Set<String> FUNCTIONS = Set.of("States.Format", "States.StringToJson", "States.JsonToString", "States.Array");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An argument or a call. */
    sealed interface Expression permits Literal, Path, Call {
        JsonNode evaluate(JsonNode input, JsonNode context);
    }

    /** A literal; in strings, escaped braces are held as private-use characters until evaluated. */
    record Literal(JsonNode value) implements Expression {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            return value.isTextual() ? TextNode.valueOf(unescapeBraces(value.textValue())) : value;
        }
    }

    record Path(String path) implements Expression {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            return JsonPaths.read(path, input, context);
        }
    }

    record Call(String function, List<Expression> arguments) implements Expression {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            List<JsonNode> values = new ArrayList<>();
            arguments.forEach(argument -> values.add(argument.evaluate(input, context)));
            if (function.equals("States.Format") && !arguments.isEmpty() && arguments.get(0) instanceof Literal template) {
                values.set(0, template.value()); // placeholders are read before escaped braces become braces
            }
            return switch (function) {
                case "States.Format" -> format(values);
                case "States.StringToJson" -> stringToJson(one(values));
                case "States.JsonToString" -> TextNode.valueOf(one(values).toString());
                case "States.Array" -> {
                    ArrayNode array = JSON.createArrayNode();
                    values.forEach(array::add);
                    yield array;
                }
                default -> throw new IllegalStateException(function);
            };
        }

        private JsonNode one(List<JsonNode> values) {
            if (values.size() != 1) {
                throw new StatesError(StatesError.INTRINSIC_FAILURE, function + " takes one argument, not " + values.size());
            }
            return values.get(0);
        }
    }

    private Intrinsics() {}

    static boolean isCall(String expression) {
        return expression.startsWith("States.");
    }

    /** Parses a call; {@code where} names the field for load-time errors. */
    static Expression parse(String where, String text) {
        Parser parser = new Parser(where, text);
        Expression expression = parser.expression();
        parser.skipBlanks();
        if (!parser.atEnd()) {
            throw new DefinitionException(where, "unexpected text after the intrinsic call in \"" + text + "\"");
        }
        if (!(expression instanceof Call)) {
            throw new DefinitionException(where, "\"" + text + "\" is not an intrinsic function call");
        }
        return expression;
    }

    private static JsonNode format(List<JsonNode> values) {
        if (values.isEmpty() || !values.get(0).isTextual()) {
            throw new StatesError(StatesError.INTRINSIC_FAILURE, "States.Format needs a template string first");
        }
        String template = values.get(0).textValue();
        StringBuilder out = new StringBuilder();
        int argument = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (argument >= values.size()) {
                    throw new StatesError(StatesError.INTRINSIC_FAILURE, "States.Format has more {} than arguments");
                }
                JsonNode value = values.get(argument++);
                out.append(value.isTextual() ? value.textValue() : value.toString());
                i++;
            } else {
                out.append(c);
            }
        }
        if (argument != values.size()) {
            throw new StatesError(StatesError.INTRINSIC_FAILURE, "States.Format has more arguments than {}");
        }
        return TextNode.valueOf(unescapeBraces(out.toString()));
    }

    private static final char ESCAPED_OPEN = '\uE000';
    private static final char ESCAPED_CLOSE = '\uE001';

    private static String unescapeBraces(String text) {
        return text.replace(ESCAPED_OPEN, '{').replace(ESCAPED_CLOSE, '}');
    }

    private static JsonNode stringToJson(JsonNode value) {
        if (!value.isTextual()) {
            throw new StatesError(StatesError.INTRINSIC_FAILURE, "States.StringToJson takes a string");
        }
        try {
            return JSON.readTree(value.textValue());
        } catch (JsonProcessingException e) {
            throw new StatesError(StatesError.INTRINSIC_FAILURE, "States.StringToJson: not JSON: " + value.textValue());
        }
    }

    /** Recursive descent over: call := name '(' [arg (',' arg)*] ')'; arg := 'string' | number | true | false | null | path | call. */
    private static final class Parser {
        private final String where;
        private final String text;
        private int at;

        Parser(String where, String text) {
            this.where = where;
            this.text = text;
        }

        Expression expression() {
            skipBlanks();
            if (atEnd()) {
                throw error("an argument is missing");
            }
            char c = text.charAt(at);
            if (c == '\'') {
                return new Literal(TextNode.valueOf(string()));
            }
            if (c == '$') {
                String path = until(",)").trim();
                JsonPaths.validate(where, path);
                return new Path(path);
            }
            if (text.startsWith("States.", at)) {
                return call();
            }
            String word = until(",)").trim();
            return switch (word) {
                case "true" -> new Literal(BooleanNode.TRUE);
                case "false" -> new Literal(BooleanNode.FALSE);
                case "null" -> new Literal(NullNode.getInstance());
                default -> new Literal(number(word));
            };
        }

        private Expression call() {
            int open = text.indexOf('(', at);
            if (open < 0) {
                throw error("missing (");
            }
            String function = text.substring(at, open).trim();
            if (!FUNCTIONS.contains(function)) {
                throw new DefinitionException(where, "the intrinsic function " + function + " is not supported (supported: " + FUNCTIONS + ")");
            }
            at = open + 1;
            List<Expression> arguments = new ArrayList<>();
            skipBlanks();
            if (peek() == ')') {
                at++;
                return new Call(function, arguments);
            }
            while (true) {
                arguments.add(expression());
                skipBlanks();
                char c = peek();
                at++;
                if (c == ')') {
                    return new Call(function, arguments);
                }
                if (c != ',') {
                    throw error("expected , or )");
                }
            }
        }

        private String string() {
            StringBuilder value = new StringBuilder();
            at++;
            while (!atEnd()) {
                char c = text.charAt(at++);
                if (c == '\\' && !atEnd()) {
                    char escaped = text.charAt(at++);
                    value.append(escaped == '{' ? ESCAPED_OPEN : escaped == '}' ? ESCAPED_CLOSE : escaped);
                } else if (c == '\'') {
                    return value.toString();
                } else {
                    value.append(c);
                }
            }
            throw error("unterminated string");
        }

        private JsonNode number(String word) {
            try {
                return word.contains(".") ? DoubleNode.valueOf(Double.parseDouble(word)) : LongNode.valueOf(Long.parseLong(word));
            } catch (NumberFormatException e) {
                throw error("\"" + word + "\" is not a string, number, boolean, null, path or call");
            }
        }

        private String until(String stops) {
            int start = at;
            while (!atEnd() && stops.indexOf(text.charAt(at)) < 0) {
                at++;
            }
            return text.substring(start, at);
        }

        private char peek() {
            if (atEnd()) {
                throw error("unexpected end");
            }
            return text.charAt(at);
        }

        void skipBlanks() {
            while (!atEnd() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        boolean atEnd() {
            return at >= text.length();
        }

        private DefinitionException error(String problem) {
            return new DefinitionException(where, problem + " at " + at + " in \"" + text + "\"");
        }
    }
}
