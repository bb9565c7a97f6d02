package org.laionfmri.mirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/** Every policy document of the stack, walked: no action or service wildcard, no "*" resource where IAM can name one. */
class IamPolicyTest {

    /** Actions IAM cannot scope to a resource: "*" is the only resource they take. */
    private static final Set<String> WITHOUT_RESOURCE_LEVEL = Set.of(
            "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode resources;

    private record Statement(String where, JsonNode json, boolean identityPolicy) {}

    @BeforeAll
    static void synthesise() {
        App app = new App(AppProps.builder().context(Map.of("stimulusReaders", "arn:aws:iam::123456789012:role/dua-holder")).build());
        resources = JSON.valueToTree(Template.fromStack(new MirrorStack(app, StackSettings.fromContext(app.getNode()),
                StackProps.builder().build())).toJSON()).path("Resources");
    }

    @Test
    void noAllowedActionIsAWildcard() {
        List<String> violations = new ArrayList<>();
        for (Statement statement : statements()) {
            if (!statement.json().path("Effect").asText().equals("Allow")) {
                continue;
            }
            for (String action : strings(statement.json().path("Action"))) {
                if (action.equals("*") || action.equals("s3:*") || action.equals("dynamodb:*") || action.endsWith(":*") && statement.identityPolicy()) {
                    violations.add(statement.where() + " allows " + action);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void noIdentityPolicyGrantsEveryResourceToAnActionThatCanBeScoped() {
        List<String> violations = new ArrayList<>();
        for (Statement statement : statements()) {
            if (!statement.identityPolicy() || !statement.json().path("Effect").asText().equals("Allow")) {
                continue;
            }
            if (strings(statement.json().path("Resource")).contains("*")) {
                for (String action : strings(statement.json().path("Action"))) {
                    if (!WITHOUT_RESOURCE_LEVEL.contains(action)) {
                        violations.add(statement.where() + " grants " + action + " on *");
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theWalkSeesEveryRolesPolicies() {
        List<Statement> statements = statements();
        assertThat(statements.stream().filter(Statement::identityPolicy).map(statement -> statement.where().split(" ")[0]).distinct())
                .hasSizeGreaterThanOrEqualTo(8);
        assertThat(statements).anyMatch(statement -> strings(statement.json().path("Action")).contains("s3:GetObject")
                && statement.json().path("Resource").toString().contains("laion-fmri/*"));
    }

    /** Statements of identity policies (policies, roles' inline policies) and resource policies (bucket, topic, key). */
    private static List<Statement> statements() {
        List<Statement> statements = new ArrayList<>();
        resources.properties().forEach(entry -> {
            String type = entry.getValue().path("Type").asText();
            JsonNode properties = entry.getValue().path("Properties");
            switch (type) {
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" -> add(statements, entry.getKey(), properties.path("PolicyDocument"), true);
                case "AWS::IAM::Role" -> properties.path("Policies").forEach(policy -> add(statements, entry.getKey(), policy.path("PolicyDocument"), true));
                case "AWS::S3::BucketPolicy", "AWS::SNS::TopicPolicy" -> add(statements, entry.getKey(), properties.path("PolicyDocument"), false);
                case "AWS::KMS::Key" -> add(statements, entry.getKey(), properties.path("KeyPolicy"), false);
                default -> { }
            }
        });
        return statements;
    }

    private static void add(List<Statement> statements, String resource, JsonNode document, boolean identityPolicy) {
        int index = 0;
        for (JsonNode statement : document.path("Statement")) {
            statements.add(new Statement(resource + " statement " + index++, statement, identityPolicy));
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(value -> values.add(value.isTextual() ? value.asText() : value.toString()));
        } else if (!node.isMissingNode()) {
            values.add(node.toString());
        }
        return values;
    }
}
