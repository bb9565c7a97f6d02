package org.laionfmri.mirror.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * What CloudFormation would name each resource, made deterministic: the name the template sets, else one
 * derived from the logical id (as CloudFormation derives it from the stack name and logical id, minus
 * its random suffix). From the name, a resource's {@code Ref} and {@code Fn::GetAtt} values as its
 * type documents them.
 */
final class PhysicalResources {

    /** A resource's {@code Ref} value and the attributes {@code Fn::GetAtt} reads. */
    record Physical(String ref, Map<String, String> attributes) {}

    private final String stackName;
    private final String account;
    private final String region;
    /** Resolves a property that names another resource (an alias's function). */
    private final Function<JsonNode, String> resolve;

    PhysicalResources(String stackName, String account, String region, Function<JsonNode, String> resolve) {
        this.stackName = stackName;
        this.account = account;
        this.region = region;
        this.resolve = resolve;
    }

    Physical of(String logicalId, JsonNode resource) {
        String type = resource.path("Type").asText();
        JsonNode properties = resource.path("Properties");
        return switch (type) {
            case "AWS::S3::Bucket" -> {
                // bucket names are global and lower-case
                String name = name(properties, "BucketName", (stackName + "-" + logicalId).toLowerCase(Locale.ROOT));
                yield new Physical(name, Map.of("Arn", "arn:aws:s3:::" + name));
            }
            case "AWS::IAM::Role" -> {
                String name = name(properties, "RoleName", logicalId);
                yield new Physical(name, Map.of("Arn", "arn:aws:iam::" + account + ":role/" + name));
            }
            case "AWS::DynamoDB::Table" -> {
                String name = name(properties, "TableName", logicalId);
                yield new Physical(name, Map.of("Arn", arn("dynamodb", "table/" + name)));
            }
            case "AWS::KMS::Key" -> {
                String keyId = UUID.nameUUIDFromBytes(logicalId.getBytes(StandardCharsets.UTF_8)).toString();
                yield new Physical(keyId, Map.of("Arn", arn("kms", "key/" + keyId), "KeyId", keyId));
            }
            case "AWS::Lambda::Function" -> {
                String name = name(properties, "FunctionName", logicalId);
                yield new Physical(name, Map.of("Arn", arn("lambda", "function:" + name)));
            }
            case "AWS::Lambda::Version" -> new Physical(functionArn(properties) + ":1", Map.of("Version", "1"));
            case "AWS::Lambda::Alias" -> new Physical(functionArn(properties) + ":" + properties.path("Name").asText(), Map.of());
            case "AWS::StepFunctions::StateMachine" -> {
                String name = name(properties, "StateMachineName", logicalId);
                String arn = arn("states", "stateMachine:" + name);
                yield new Physical(arn, Map.of("Arn", arn, "Name", name));
            }
            case "AWS::SNS::Topic" -> {
                String name = name(properties, "TopicName", logicalId);
                String arn = arn("sns", name);
                yield new Physical(arn, Map.of("TopicArn", arn, "TopicName", name));
            }
            case "AWS::Logs::LogGroup" -> {
                String name = name(properties, "LogGroupName", logicalId);
                yield new Physical(name, Map.of("Arn", arn("logs", "log-group:" + name + ":*")));
            }
            case "AWS::Events::Rule" -> {
                String name = name(properties, "Name", stackName + "-" + logicalId);
                yield new Physical(name, Map.of("Arn", arn("events", "rule/" + name)));
            }
            case "AWS::Scheduler::ScheduleGroup" -> {
                String name = name(properties, "Name", logicalId);
                yield new Physical(name, Map.of("Arn", arn("scheduler", "schedule-group/" + name)));
            }
            case "AWS::SQS::Queue" -> {
                String name = name(properties, "QueueName", stackName + "-" + logicalId);
                yield new Physical("https://sqs." + region + ".amazonaws.com/" + account + "/" + name,
                        Map.of("Arn", arn("sqs", name), "QueueName", name, "QueueUrl", "https://sqs." + region + ".amazonaws.com/" + account + "/" + name));
            }
            case "AWS::Scheduler::Schedule" -> {
                String name = name(properties, "Name", logicalId);
                String group = properties.path("GroupName").isMissingNode() ? "default" : resolve.apply(properties.path("GroupName"));
                yield new Physical(name, Map.of("Arn", arn("scheduler", "schedule/" + group + "/" + name)));
            }
            default -> throw new IllegalArgumentException(logicalId + ": no physical name for a " + type + "; add its type to PhysicalResources");
        };
    }

    private String name(JsonNode properties, String property, String derived) {
        JsonNode given = properties.path(property);
        return given.isMissingNode() ? derived : resolve.apply(given);
    }

    /** An alias's or version's FunctionName, which may be the function's name or its ARN. */
    private String functionArn(JsonNode properties) {
        String function = resolve.apply(properties.path("FunctionName"));
        return function.startsWith("arn:") ? function : arn("lambda", "function:" + function);
    }

    private String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + account + ":" + resource;
    }
}
