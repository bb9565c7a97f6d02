package org.laionfmri.mirror.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudFormation template's values as they would be once deployed: {@code Ref}, {@code Fn::GetAtt},
 * {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::Sub} and the pseudo parameters
 * resolved to concrete strings, each resource named by {@link PhysicalResources}. Any other intrinsic
 * (or a template parameter) is refused, so nothing is silently left unresolved.
 */
final class TemplateResolver {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");

    private final JsonNode resources;
    private final Map<String, String> pseudoParameters;
    private final PhysicalResources physical;
    private final Map<String, PhysicalResources.Physical> named = new HashMap<>();

    TemplateResolver(JsonNode template, String stackName, String account, String region) {
        this.resources = template.path("Resources");
        this.pseudoParameters = Map.of("AWS::Partition", "aws", "AWS::AccountId", account, "AWS::Region", region,
                "AWS::URLSuffix", "amazonaws.com", "AWS::StackName", stackName);
        this.physical = new PhysicalResources(stackName, account, region, this::text);
    }

    /** {@code value} with every intrinsic function replaced by its result. */
    JsonNode resolve(JsonNode value) {
        if (value.isArray()) {
            ArrayNode resolved = NODES.arrayNode();
            value.forEach(element -> resolved.add(resolve(element)));
            return resolved;
        }
        if (!value.isObject()) {
            return value;
        }
        if (value.size() == 1) {
            String function = value.fieldNames().next();
            if (function.equals("Ref") || function.startsWith("Fn::")) {
                return intrinsic(function, value.get(function));
            }
        }
        ObjectNode resolved = NODES.objectNode();
        value.properties().forEach(field -> resolved.set(field.getKey(), resolve(field.getValue())));
        return resolved;
    }

    /** The resolved value, which must be a string. */
    String text(JsonNode value) {
        JsonNode resolved = resolve(value);
        if (!resolved.isTextual()) {
            throw new IllegalArgumentException("expected a string, got " + resolved);
        }
        return resolved.asText();
    }

    String ref(String name) {
        String pseudo = pseudoParameters.get(name);
        return pseudo != null ? pseudo : physical(name).ref();
    }

    String attribute(String logicalId, String attribute) {
        String value = physical(logicalId).attributes().get(attribute);
        if (value == null) {
            throw new IllegalArgumentException(logicalId + "." + attribute + ": no such attribute modelled in PhysicalResources");
        }
        return value;
    }

    private JsonNode intrinsic(String function, JsonNode arguments) {
        return switch (function) {
            case "Ref" -> TextNode.valueOf(ref(arguments.asText()));
            case "Fn::GetAtt" -> TextNode.valueOf(arguments.isTextual()
                    ? dottedAttribute(arguments.asText())
                    : attribute(arguments.get(0).asText(), text(arguments.get(1))));
            case "Fn::Join" -> {
                List<String> parts = new ArrayList<>();
                resolve(arguments.get(1)).forEach(part -> parts.add(text(part)));
                yield TextNode.valueOf(String.join(arguments.get(0).asText(), parts));
            }
            case "Fn::Select" -> resolve(arguments.get(1)).get(resolve(arguments.get(0)).asInt()); // the index: a number or a numeric string
            case "Fn::Split" -> {
                ArrayNode parts = NODES.arrayNode();
                for (String part : text(arguments.get(1)).split(Pattern.quote(arguments.get(0).asText()), -1)) {
                    parts.add(part);
                }
                yield parts;
            }
            case "Fn::Sub" -> TextNode.valueOf(arguments.isTextual() ? sub(arguments.asText(), Map.of()) : sub(arguments.get(0).asText(), variables(arguments.get(1))));
            default -> throw new IllegalArgumentException(function + " is not resolved by TemplateResolver: " + arguments);
        };
    }

    /** {@code Resource.Attribute}, the short form of Fn::GetAtt. */
    private String dottedAttribute(String dotted) {
        int dot = dotted.indexOf('.');
        return attribute(dotted.substring(0, dot), dotted.substring(dot + 1));
    }

    private Map<String, String> variables(JsonNode map) {
        Map<String, String> variables = new HashMap<>();
        map.properties().forEach(field -> variables.put(field.getKey(), text(field.getValue())));
        return variables;
    }

    /** Fn::Sub: ${Name} is a variable, a pseudo parameter, a resource's Ref or ${Resource.Attribute}; ${!Literal} stays ${Literal}. */
    private String sub(String template, Map<String, String> variables) {
        Matcher matcher = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(2);
            String value = !matcher.group(1).isEmpty() ? "${" + name + "}"
                    : variables.containsKey(name) ? variables.get(name)
                    : name.contains(".") && !name.startsWith("AWS::") ? dottedAttribute(name)
                    : ref(name);
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Named once per resource; not computeIfAbsent, since naming one resource may name another (an alias its function). */
    private PhysicalResources.Physical physical(String logicalId) {
        PhysicalResources.Physical known = named.get(logicalId);
        if (known == null) {
            JsonNode resource = resources.get(logicalId);
            if (resource == null) {
                throw new IllegalArgumentException(logicalId + " is neither a resource nor a pseudo parameter (template parameters are not resolved)");
            }
            known = physical.of(logicalId, resource);
            named.put(logicalId, known);
        }
        return known;
    }
}
