package org.laionfmri.mirror.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.laionfmri.mirror.infra.MirrorStack;
import org.laionfmri.mirror.infra.StackSettings;
import org.laionfmri.mirror.local.LocalWorkflow;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * {@link MirrorStack} synthesised for a known account and region, with a mirror prefix and a DUA
 * holder, its template resolved to the names and ARNs the deployed resources would have; and what
 * the IAM checks need to know about it.
 */
final class SynthesisedStack {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final String MIRROR_PREFIX = "lab/";
    static final String DUA_HOLDER = "arn:aws:iam::" + ACCOUNT + ":role/dua-holder";
    /**
     * The callers that are no step's function: the state machine, with its own role (the caller its
     * recorded calls are made as), and the scheduler.
     */
    static final String STATE_MACHINE = LocalWorkflow.ENGINE_CALLER;
    static final String SCHEDULER = "Scheduler";

    private static final Pattern HANDLER = Pattern.compile("org\\.laionfmri\\.mirror\\.handlers\\.(\\w+)Handler::handleRequest");
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private final TemplateResolver resolver;
    private final JsonNode resources;

    private SynthesisedStack(TemplateResolver resolver, JsonNode resources) {
        this.resolver = resolver;
        this.resources = resources;
    }

    static SynthesisedStack synthesise() {
        App app = new App(AppProps.builder().context(Map.of("mirrorPrefix", MIRROR_PREFIX, "stimulusReaders", DUA_HOLDER)).build());
        StackSettings settings = StackSettings.fromContext(app.getNode());
        MirrorStack stack = new MirrorStack(app, settings,
                StackProps.builder().env(Environment.builder().account(ACCOUNT).region(REGION).build()).build());
        JsonNode template = new ObjectMapper().valueToTree(Template.fromStack(stack).toJSON());
        TemplateResolver resolver = new TemplateResolver(template, settings.stackName(), ACCOUNT, REGION);
        return new SynthesisedStack(resolver, resolver.resolve(template.path("Resources")));
    }

    /** The resolved resources of a CloudFormation type, by logical id. */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        resources.properties().forEach(entry -> {
            if (entry.getValue().path("Type").asText().equals(type)) {
                found.put(entry.getKey(), entry.getValue());
            }
        });
        return found;
    }

    String ref(String logicalId) {
        return resolver.ref(logicalId);
    }

    String arn(String logicalId) {
        return resolver.attribute(logicalId, "Arn");
    }

    /** The bucket the workflow mirrors into, as the definition is given it. */
    String mirrorBucket() {
        return stateMachine().path("Properties").path("DefinitionSubstitutions").path("MirrorBucket").asText();
    }

    /** The Lambda alias each Task invokes: the definition's {@code ${StepFunction}} substitutions. */
    Map<String, String> functionAliases() {
        Map<String, String> aliases = new LinkedHashMap<>();
        stateMachine().path("Properties").path("DefinitionSubstitutions").properties().forEach(entry -> {
            if (entry.getKey().endsWith("Function")) {
                aliases.put(entry.getKey(), entry.getValue().asText());
            }
        });
        return aliases;
    }

    /** The role each caller acts with: every step's function (by its handler), the state machine and the scheduler. */
    Map<String, String> roles() {
        Map<String, String> roles = new LinkedHashMap<>();
        resources("AWS::Lambda::Function").values().forEach(function -> {
            Matcher handler = HANDLER.matcher(function.path("Properties").path("Handler").asText());
            if (!handler.matches()) {
                throw new IllegalStateException("a function with an unknown handler: " + function.path("Properties").path("Handler"));
            }
            roles.put(handler.group(1), function.path("Properties").path("Role").asText());
        });
        roles.put(STATE_MACHINE, stateMachine().path("Properties").path("RoleArn").asText());
        roles.put(SCHEDULER, only("AWS::Scheduler::Schedule").path("Properties").path("Target").path("RoleArn").asText());
        return roles;
    }

    /** The KMS key a bucket of the stack encrypts with (SSE-KMS); empty for any other bucket. */
    Optional<String> bucketKey(String bucket) {
        return logicalIdOf("AWS::S3::Bucket", bucket).flatMap(id -> {
            for (JsonNode rule : resources.path(id).path("Properties").path("BucketEncryption").path("ServerSideEncryptionConfiguration")) {
                JsonNode byDefault = rule.path("ServerSideEncryptionByDefault");
                if (byDefault.path("SSEAlgorithm").asText().equals("aws:kms")) {
                    return Optional.of(keyArn(byDefault.path("KMSMasterKeyID").asText()));
                }
            }
            return Optional.empty();
        });
    }

    /** The state table the functions use (their STATE_TABLE), created by the stack or not. */
    String stateTable() {
        return resources("AWS::Lambda::Function").values().iterator().next().path("Properties").path("Environment").path("Variables")
                .path("STATE_TABLE").asText();
    }

    String tableArn(String table) {
        return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + table;
    }

    /** The customer managed key a table of the stack is encrypted with; empty for a table the stack does not create. */
    Optional<String> tableKey(String table) {
        return logicalIdOf("AWS::DynamoDB::Table", table).flatMap(id -> {
            JsonNode sse = resources.path(id).path("Properties").path("SSESpecification");
            return sse.path("SSEEnabled").asBoolean() && sse.has("KMSMasterKeyId")
                    ? Optional.of(keyArn(sse.path("KMSMasterKeyId").asText())) : Optional.empty();
        });
    }

    String stateMachineArn() {
        return ref(logicalIdOf("AWS::StepFunctions::StateMachine"));
    }

    /** The ARN Scheduler sends as aws:SourceArn when it assumes the schedule's role: its schedule group's, never the schedule's. */
    String scheduleGroupArn() {
        JsonNode group = only("AWS::Scheduler::Schedule").path("Properties").path("GroupName");
        return "arn:aws:scheduler:" + REGION + ":" + ACCOUNT + ":schedule-group/" + (group.isMissingNode() ? "default" : group.asText());
    }

    /** What each EventBridge rule of the stack invokes, by the rule's ARN. */
    Map<String, String> ruleTargets() {
        Map<String, String> targets = new LinkedHashMap<>();
        resources("AWS::Events::Rule").forEach((id, rule) -> rule.path("Properties").path("Targets")
                .forEach(target -> targets.put(arn(id), target.path("Arn").asText())));
        return targets;
    }

    /** Where the schedule sends a start it could not deliver. */
    String scheduleDeadLetterQueue() {
        return only("AWS::Scheduler::Schedule").path("Properties").path("Target").path("DeadLetterConfig").path("Arn").asText();
    }

    /** What the scheduled refresh starts. */
    String scheduleTarget() {
        return only("AWS::Scheduler::Schedule").path("Properties").path("Target").path("Arn").asText();
    }

    /** The definition as Step Functions receives it: DefinitionString with its DefinitionSubstitutions filled in. */
    String definition() {
        JsonNode properties = stateMachine().path("Properties");
        Matcher matcher = SUBSTITUTION.matcher(properties.path("DefinitionString").asText());
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            JsonNode value = properties.path("DefinitionSubstitutions").path(matcher.group(1));
            if (!value.isTextual()) {
                throw new IllegalStateException("the definition uses ${" + matcher.group(1) + "}, which DefinitionSubstitutions does not set");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.asText()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private JsonNode stateMachine() {
        return only("AWS::StepFunctions::StateMachine");
    }

    private JsonNode only(String type) {
        return resources.path(logicalIdOf(type));
    }

    private String logicalIdOf(String type) {
        Map<String, JsonNode> found = resources(type);
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + type + ", found " + found.keySet());
        }
        return found.keySet().iterator().next();
    }

    /** The resource of a type whose Ref (its name) is {@code name}. */
    private Optional<String> logicalIdOf(String type, String name) {
        return resources(type).keySet().stream().filter(id -> ref(id).equals(name)).findFirst();
    }

    /** A key given by id or ARN, as an ARN. */
    private static String keyArn(String key) {
        return key.startsWith("arn:") ? key : "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + key;
    }
}
