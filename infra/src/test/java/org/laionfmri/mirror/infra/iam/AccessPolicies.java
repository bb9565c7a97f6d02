package org.laionfmri.mirror.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policies AWS evaluates for a request, taken from the synthesised stack: a principal's identity
 * policies (the AWS::IAM::Policy and ManagedPolicy documents attached to its role, and the role's
 * inline policies), and the resource's own policy (a bucket policy, a KMS key policy, a role's trust
 * policy, a queue policy, a function's permissions), with the account that owns the resource. The public source bucket comes with its
 * public-read policy; a test may add principals from outside the stack.
 */
final class AccessPolicies {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An identity policy, named as iam-simulate reports it. */
    record NamedPolicy(String name, JsonNode document) {}

    private final Map<String, List<NamedPolicy>> identityPolicies = new HashMap<>();
    private final Map<String, JsonNode> bucketPolicies = new HashMap<>();
    private final Map<String, String> bucketAccounts = new HashMap<>();
    private final Map<String, JsonNode> keyPolicies = new HashMap<>();
    private final Map<String, JsonNode> trustPolicies = new HashMap<>();
    private final Map<String, JsonNode> queuePolicies = new HashMap<>();
    private final Map<String, ArrayNode> functionPolicies = new HashMap<>();

    private AccessPolicies() {}

    static AccessPolicies of(SynthesisedStack stack) {
        AccessPolicies policies = new AccessPolicies();
        stack.resources("AWS::IAM::Role").forEach((id, role) -> {
            JsonNode properties = role.path("Properties");
            if (properties.has("ManagedPolicyArns")) {
                throw new IllegalStateException(id + " has managed policies, whose documents are not in the template: model them here");
            }
            String arn = stack.arn(id);
            policies.trustPolicies.put(arn, properties.path("AssumeRolePolicyDocument"));
            properties.path("Policies").forEach(inline ->
                    policies.addIdentityPolicy(arn, inline.path("PolicyName").asText(), inline.path("PolicyDocument")));
        });
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            stack.resources(type).forEach((id, policy) -> policy.path("Properties").path("Roles").forEach(role ->
                    policies.addIdentityPolicy(roleArn(role.asText()), id, policy.path("Properties").path("PolicyDocument"))));
        }
        stack.resources("AWS::S3::Bucket").keySet().forEach(id -> policies.bucketAccounts.put(stack.ref(id), SynthesisedStack.ACCOUNT));
        stack.resources("AWS::S3::BucketPolicy").values().forEach(policy ->
                policies.bucketPolicies.put(policy.path("Properties").path("Bucket").asText(), policy.path("Properties").path("PolicyDocument")));
        stack.resources("AWS::KMS::Key").forEach((id, key) -> policies.keyPolicies.put(stack.arn(id), key.path("Properties").path("KeyPolicy")));
        Map<String, String> queueArns = new HashMap<>();
        stack.resources("AWS::SQS::Queue").keySet().forEach(id -> queueArns.put(stack.ref(id), stack.arn(id))); // a queue's Ref is its URL
        stack.resources("AWS::SQS::QueuePolicy").values().forEach(policy -> policy.path("Properties").path("Queues").forEach(url ->
                policies.queuePolicies.put(required(queueArns, url.asText()), policy.path("Properties").path("PolicyDocument"))));
        stack.resources("AWS::Lambda::Permission").values().forEach(permission -> policies.addFunctionPermission(permission.path("Properties")));
        policies.bucketAccounts.put(PublicSource.BUCKET, PublicSource.ACCOUNT);
        policies.bucketPolicies.put(PublicSource.BUCKET, PublicSource.POLICY);
        return policies;
    }

    /** Adds an identity policy to a principal (one of the stack's roles, or one from outside it). */
    AccessPolicies addIdentityPolicy(String principalArn, String name, JsonNode document) {
        identityPolicies.computeIfAbsent(principalArn, arn -> new ArrayList<>()).add(new NamedPolicy(name, document));
        return this;
    }

    List<NamedPolicy> identityPolicies(String principalArn) {
        return identityPolicies.getOrDefault(principalArn, List.of());
    }

    /**
     * The policy attached to the resource an ARN names: its bucket's policy, the key policy, the role's trust
     * policy, the queue's policy, the function's (alias's) permissions.
     */
    Optional<JsonNode> resourcePolicy(String resourceArn) {
        String[] arn = resourceArn.split(":", 6);
        return switch (arn[2]) {
            case "s3" -> Optional.ofNullable(bucketPolicies.get(bucket(arn)));
            case "kms" -> Optional.of(required(keyPolicies, resourceArn));
            case "iam" -> Optional.of(required(trustPolicies, resourceArn));
            case "sqs" -> Optional.ofNullable(queuePolicies.get(resourceArn));
            case "lambda" -> Optional.ofNullable(functionPolicies.get(resourceArn)).map(statements -> JSON.createObjectNode()
                    .put("Version", "2012-10-17").set("Statement", statements));
            default -> Optional.empty();
        };
    }

    /** The account owning the resource: an S3 ARN has no account field, so a bucket's owner is looked up. */
    String resourceAccount(String resourceArn) {
        String[] arn = resourceArn.split(":", 6);
        return arn[2].equals("s3") ? required(bucketAccounts, bucket(arn)) : arn[4];
    }

    /**
     * A function's resource-based policy, as Lambda makes one statement of each AWS::Lambda::Permission: the
     * service principal, the action, and its source ARN and account as conditions.
     */
    private void addFunctionPermission(JsonNode permission) {
        ObjectNode statement = functionPolicies.computeIfAbsent(permission.path("FunctionName").asText(), function -> JSON.createArrayNode())
                .addObject().put("Effect", "Allow").put("Action", permission.path("Action").asText())
                .put("Resource", permission.path("FunctionName").asText());
        statement.putObject("Principal").put("Service", permission.path("Principal").asText());
        ObjectNode condition = statement.putObject("Condition");
        if (permission.has("SourceArn")) {
            condition.putObject("ArnLike").put("AWS:SourceArn", permission.path("SourceArn").asText());
        }
        if (permission.has("SourceAccount")) {
            condition.putObject("StringEquals").put("AWS:SourceAccount", permission.path("SourceAccount").asText());
        }
    }

    /** A policy's Roles are role names (their Ref). */
    private static String roleArn(String roleName) {
        return "arn:aws:iam::" + SynthesisedStack.ACCOUNT + ":role/" + roleName;
    }

    private static String bucket(String[] arn) {
        return arn[5].split("/", 2)[0];
    }

    private static <T> T required(Map<String, T> known, String name) {
        T value = known.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is not a resource of the stack nor the public source");
        }
        return value;
    }
}
