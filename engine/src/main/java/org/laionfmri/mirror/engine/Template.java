package org.laionfmri.mirror.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A payload template (Parameters, ResultSelector, ItemSelector, BatchInput): literal JSON in which a
 * field named {@code key.$} takes the value of a path ({@code $...} from the input, {@code $$...} from
 * the context object) or of an intrinsic function call, under the name {@code key}. Compiled once, at
 * load time.
 */
final class Template {

    private sealed interface Part permits Constant, Dynamic, ObjectPart, ArrayPart {
        JsonNode evaluate(JsonNode input, JsonNode context);
    }

    private record Constant(JsonNode value) implements Part {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            return value.deepCopy();
        }
    }

    private record Dynamic(Intrinsics.Expression expression) implements Part {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            return expression.evaluate(input, context).deepCopy();
        }
    }

    private record ObjectPart(Map<String, Part> fields) implements Part {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            fields.forEach((name, part) -> object.set(name, part.evaluate(input, context)));
            return object;
        }
    }

    private record ArrayPart(List<Part> items) implements Part {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            items.forEach(item -> array.add(item.evaluate(input, context)));
            return array;
        }
    }

    private final Part root;

    private Template(Part root) {
        this.root = root;
    }

    static Template compile(String where, JsonNode template) {
        return new Template(part(where, template));
    }

    JsonNode evaluate(JsonNode input, JsonNode context) {
        return root.evaluate(input, context);
    }

    private static Part part(String where, JsonNode node) {
        if (node.isObject()) {
            Map<String, Part> fields = new LinkedHashMap<>();
            node.properties().forEach(field -> {
                String name = field.getKey();
                String at = where + "." + name;
                if (name.endsWith(".$")) {
                    fields.put(name.substring(0, name.length() - 2), dynamic(at, field.getValue()));
                } else {
                    fields.put(name, part(at, field.getValue()));
                }
            });
            return new ObjectPart(fields);
        }
        if (node.isArray()) {
            List<Part> items = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                items.add(part(where + "[" + i + "]", node.get(i)));
            }
            return new ArrayPart(items);
        }
        return new Constant(node);
    }

    private static Part dynamic(String where, JsonNode value) {
        if (!value.isTextual()) {
            throw new DefinitionException(where, "a .$ field takes a path or an intrinsic function call, as a string");
        }
        String text = value.textValue().trim();
        if (text.startsWith("$")) {
            JsonPaths.validate(where, text);
            return new Dynamic(new Intrinsics.Path(text));
        }
        if (Intrinsics.isCall(text)) {
            return new Dynamic(Intrinsics.parse(where, text));
        }
        throw new DefinitionException(where, "\"" + text + "\" is neither a path nor an intrinsic function call");
    }
}
