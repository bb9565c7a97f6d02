package org.laionfmri.mirror.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A Choice state's rule: a comparison of a {@code Variable} with a literal or a path ({@code ...Path}
 * variants), a type test, or And/Or/Not of rules. A comparison of a value of the wrong type is false;
 * a missing {@code Variable} is a {@code States.Runtime} error, except for {@code IsPresent}.
 */
sealed interface ChoiceRule {

    boolean matches(JsonNode input, JsonNode context);

    Set<String> COMPARISONS = Set.of("StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals",
            "StringGreaterThanEquals", "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals",
            "NumericGreaterThanEquals", "BooleanEquals");
    Set<String> TESTS = Set.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean");

    record Not(ChoiceRule rule) implements ChoiceRule {
        @Override
        public boolean matches(JsonNode input, JsonNode context) {
            return !rule.matches(input, context);
        }
    }

    record And(List<ChoiceRule> rules) implements ChoiceRule {
        @Override
        public boolean matches(JsonNode input, JsonNode context) {
            return rules.stream().allMatch(rule -> rule.matches(input, context));
        }
    }

    record Or(List<ChoiceRule> rules) implements ChoiceRule {
        @Override
        public boolean matches(JsonNode input, JsonNode context) {
            return rules.stream().anyMatch(rule -> rule.matches(input, context));
        }
    }

    record Test(String variable, String operator, boolean expected) implements ChoiceRule {
        @Override
        public boolean matches(JsonNode input, JsonNode context) {
            if (operator.equals("IsPresent")) {
                return JsonPaths.isPresent(variable, input, context) == expected;
            }
            JsonNode value = JsonPaths.read(variable, input, context);
            boolean actual = switch (operator) {
                case "IsNull" -> value.isNull();
                case "IsNumeric" -> value.isNumber();
                case "IsString" -> value.isTextual();
                case "IsBoolean" -> value.isBoolean();
                default -> throw new IllegalStateException(operator);
            };
            return actual == expected;
        }
    }

    record Comparison(String variable, String operator, JsonNode literal, String otherPath) implements ChoiceRule {
        @Override
        public boolean matches(JsonNode input, JsonNode context) {
            JsonNode value = JsonPaths.read(variable, input, context);
            JsonNode other = otherPath == null ? literal : JsonPaths.read(otherPath, input, context);
            if (operator.startsWith("String")) {
                return value.isTextual() && other.isTextual() && holds(operator.substring(6), value.textValue().compareTo(other.textValue()));
            }
            if (operator.startsWith("Numeric")) {
                return value.isNumber() && other.isNumber()
                        && holds(operator.substring(7), value.decimalValue().compareTo(other.decimalValue()));
            }
            return value.isBoolean() && other.isBoolean() && value.booleanValue() == other.booleanValue();
        }

        private static boolean holds(String relation, int comparison) {
            return switch (relation) {
                case "Equals" -> comparison == 0;
                case "LessThan" -> comparison < 0;
                case "GreaterThan" -> comparison > 0;
                case "LessThanEquals" -> comparison <= 0;
                case "GreaterThanEquals" -> comparison >= 0;
                default -> throw new IllegalStateException(relation);
            };
        }
    }

    static ChoiceRule parse(String where, JsonNode rule) {
        if (rule.has("Not")) {
            return new Not(parse(where + ".Not", rule.get("Not")));
        }
        for (String combinator : List.of("And", "Or")) {
            if (rule.has(combinator)) {
                List<ChoiceRule> rules = new ArrayList<>();
                for (int i = 0; i < rule.get(combinator).size(); i++) {
                    rules.add(parse(where + "." + combinator + "[" + i + "]", rule.get(combinator).get(i)));
                }
                return combinator.equals("And") ? new And(rules) : new Or(rules);
            }
        }
        JsonNode variable = rule.get("Variable");
        if (variable == null || !variable.isTextual()) {
            throw new DefinitionException(where, "a rule needs a Variable, or And, Or or Not");
        }
        JsonPaths.validate(where + ".Variable", variable.textValue());
        for (Iterator<String> names = rule.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("Variable") || name.equals("Next")) {
                continue;
            }
            if (TESTS.contains(name)) {
                return new Test(variable.textValue(), name, rule.get(name).asBoolean());
            }
            if (COMPARISONS.contains(name)) {
                return new Comparison(variable.textValue(), name, rule.get(name), null);
            }
            if (name.endsWith("Path") && COMPARISONS.contains(name.substring(0, name.length() - 4))) {
                JsonPaths.validate(where + "." + name, rule.get(name).asText());
                return new Comparison(variable.textValue(), name.substring(0, name.length() - 4), null, rule.get(name).asText());
            }
            throw new DefinitionException(where, "the Choice operator " + name + " is not supported");
        }
        throw new DefinitionException(where, "the rule has a Variable but no comparison");
    }
}
