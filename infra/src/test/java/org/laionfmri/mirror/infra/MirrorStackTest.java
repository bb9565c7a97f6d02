package org.laionfmri.mirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laionfmri.mirror.engine.ExecutionInfo;
import org.laionfmri.mirror.engine.ExecutionStatus;
import org.laionfmri.mirror.local.LocalWorkflow;
import org.laionfmri.mirror.statemachine.MirrorDefinition;
import org.laionfmri.mirror.run.RunLayout;
import org.laionfmri.mirror.run.UnreportedEnd;
import org.laionfmri.mirror.stimuli.StimulusSync;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesised stack, resource by resource. */
class MirrorStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = "{\"subjects\": [\"01\"], \"filters\": {\"ses\": \"04\"}}";
    private static final String DUA_HOLDER = "arn:aws:iam::123456789012:role/dua-holder";
    private static Template template;
    private static JsonNode resources;

    @BeforeAll
    static void synthesise() {
        App app = new App(AppProps.builder().context(Map.of(
                "stimulusReaders", DUA_HOLDER,
                "alertEmail", "it@example.org",
                "scheduleRequest", REQUEST,
                "copyMaxConcurrency", "25")).build());
        template = Template.fromStack(new MirrorStack(app, StackSettings.fromContext(app.getNode()), StackProps.builder().build()));
        resources = JSON.valueToTree(template.toJSON()).path("Resources");
    }

    @Test
    void theStacksNamesForTheFunctionsKeysAndRunEndsAreTheFunctionsOwn() {
        assertThat(MirrorStack.RUN_ARTEFACTS).isEqualTo(RunLayout.RUNS);
        assertThat(MirrorStack.WRITE_PROBE).isEqualTo(RunLayout.PROBE);
        assertThat(MirrorStack.RUN_ENDS).isEqualTo(UnreportedEnd.EXECUTION_ENDS);
        assertThat(MirrorStack.STIMULUS_FILES).isEqualTo(StimulusSync.FILES.stream().map(name -> StimulusSync.PREFIX + name).toList());
    }

    @Test
    void countsTheResources() {
        template.resourceCountIs("AWS::Lambda::Function", 7);
        template.resourceCountIs("AWS::Lambda::Alias", 7);
        template.resourceCountIs("AWS::IAM::Role", 9);
        template.resourceCountIs("AWS::Events::Rule", 1);
        template.resourceCountIs("AWS::S3::Bucket", 2);
        template.resourceCountIs("AWS::KMS::Key", 1);
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
        template.resourceCountIs("AWS::Scheduler::Schedule", 1);
        template.resourceCountIs("AWS::Scheduler::ScheduleGroup", 1);
        template.resourceCountIs("AWS::SQS::Queue", 1);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 6);
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.resourceCountIs("AWS::SNS::Subscription", 1);
    }

    @Test
    void theMirrorBucketIsPrivateEncryptedVersionedAndTlsOnly() {
        JsonNode mirror = only("AWS::S3::Bucket", bucket -> bucket.path("Properties").has("LoggingConfiguration"));
        JsonNode properties = mirror.path("Properties");
        JsonNode encryption = properties.path("BucketEncryption").path("ServerSideEncryptionConfiguration").get(0);

        assertThat(encryption.path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText()).isEqualTo("aws:kms");
        assertThat(encryption.path("ServerSideEncryptionByDefault").path("KMSMasterKeyID").toString()).contains(logicalId("AWS::KMS::Key"));
        assertThat(encryption.path("BucketKeyEnabled").asBoolean()).isTrue();
        assertThat(properties.path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
        assertThat(properties.path("PublicAccessBlockConfiguration")).isEqualTo(JSON.valueToTree(Map.of("BlockPublicAcls", true,
                "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
        JsonNode rules = properties.path("LifecycleConfiguration").path("Rules");
        assertThat(rules.get(0).path("Prefix").asText()).isEqualTo("_mirror/runs/");
        assertThat(rules.get(0).path("ExpirationInDays").asInt()).isEqualTo(90);
        assertThat(rules.get(1).path("AbortIncompleteMultipartUpload").path("DaysAfterInitiation").asInt()).isEqualTo(7);
        // a version a refresh replaced goes after 30 days, the whole mirror over
        assertThat(rules.get(2).path("NoncurrentVersionExpiration").path("NoncurrentDays").asInt()).isEqualTo(30);
        assertThat(rules.get(2).has("Prefix")).isFalse();
        assertThat(rules).hasSize(3);
        assertThat(mirror.path("DeletionPolicy").asText()).isEqualTo("Retain");
        List<JsonNode> statements = mirrorPolicyStatements();
        assertThat(statements).anySatisfy(statement -> {
            assertThat(statement.path("Effect").asText()).isEqualTo("Deny");
            assertThat(statement.path("Action").asText()).isEqualTo("s3:*");
            assertThat(statement.path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");
        });
    }

    @Test
    void replacedVersionsExpireAfterTheConfiguredDaysUnderThePrefixOrStayWithZero() {
        JsonNode prefixed = mirrorLifecycle(synthesise(Map.of("noncurrentVersionDays", "7", "mirrorPrefix", "lab/")));
        JsonNode kept = mirrorLifecycle(synthesise(Map.of("noncurrentVersionDays", "0")));

        assertThat(prefixed).anySatisfy(rule -> {
            assertThat(rule.path("Prefix").asText()).isEqualTo("lab/");
            assertThat(rule.path("NoncurrentVersionExpiration").path("NoncurrentDays").asInt()).isEqualTo(7);
        });
        assertThat(kept).hasSize(2).noneMatch(rule -> rule.path("Prefix").asText("").isEmpty() && rule.has("NoncurrentVersionExpiration"));
    }

    private static JsonNode mirrorLifecycle(JsonNode resources) {
        return ofType(resources, "AWS::S3::Bucket").stream().filter(bucket -> bucket.path("Properties").has("LoggingConfiguration")).findFirst()
                .orElseThrow().path("Properties").path("LifecycleConfiguration").path("Rules");
    }

    @Test
    void onlyTheDuaHoldersAndTheStimuliStepMayReadTheStimulusImages() {
        JsonNode deny = mirrorPolicyStatements().stream()
                .filter(statement -> statement.path("Sid").asText().equals("StimulusImagesOnlyForDuaHolders")).findFirst().orElseThrow();

        assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
        assertThat(deny.path("Principal").path("AWS").asText()).isEqualTo("*");
        assertThat(deny.path("Action")).extracting(JsonNode::asText).containsExactlyInAnyOrder("s3:GetObject", "s3:GetObjectVersion");
        assertThat(deny.path("Resource").toString()).contains("/stimuli/task-images_stimuli.h5").contains("/stimuli/task-images_metadata.csv");
        JsonNode allowed = deny.path("Condition").path("ArnNotEquals").path("aws:PrincipalArn");
        assertThat(allowed.get(0).asText()).isEqualTo(DUA_HOLDER);
        assertThat(allowed.get(1).toString()).contains(logicalId("AWS::IAM::Role", "StimuliRole"));
        assertThat(allowed).hasSize(2);
    }

    @Test
    void theTableIsOnDemandEncryptedWithTheKeyAndRecoverable() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "BillingMode", "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "SSESpecification", Match.objectLike(Map.of("SSEEnabled", true, "SSEType", "KMS")),
                "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"), Map.of("AttributeName", "sk", "KeyType", "RANGE")))));
    }

    @Test
    void everyFunctionRunsJava21OnArmWithSnapStartBehindALiveAlias() {
        for (JsonNode function : all("AWS::Lambda::Function")) {
            JsonNode properties = function.path("Properties");
            assertThat(properties.path("Runtime").asText()).isEqualTo("java21");
            assertThat(properties.path("Architectures")).extracting(JsonNode::asText).containsExactly("arm64");
            assertThat(properties.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
            assertThat(properties.path("Handler").asText()).matches("org\\.laionfmri\\.mirror\\.handlers\\.[A-Za-z]+Handler::handleRequest");
            assertThat(properties.path("TracingConfig").path("Mode").asText()).isEqualTo("Active");
            assertThat(properties.path("Environment").path("Variables").fieldNames()).toIterable()
                    .contains("MIRROR_BUCKET", "STATE_TABLE", "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE");
        }
        assertThat(all("AWS::Lambda::Alias")).allSatisfy(alias -> assertThat(alias.path("Properties").path("Name").asText()).isEqualTo("live"));
        assertThat(all("AWS::Lambda::Function").stream().map(function -> function.path("Properties").path("Role").toString()).distinct()).hasSize(7);
    }

    @Test
    void theStateMachineIsMirrorAslJsonWithEverySubstitutionFilled() throws Exception {
        JsonNode properties = only("AWS::StepFunctions::StateMachine", machine -> true).path("Properties");
        JsonNode substitutions = properties.path("DefinitionSubstitutions");

        assertThat(JSON.readTree(properties.path("DefinitionString").asText())).isEqualTo(JSON.readTree(MirrorDefinition.text(Duration.ofHours(12))));
        assertThat(JSON.readTree(properties.path("DefinitionString").asText()).path("TimeoutSeconds").asLong()).isEqualTo(12 * 3600);
        assertThat(new TreeSet<>(iterable(substitutions.fieldNames()))).isEqualTo(substitutionNames());
        assertThat(substitutions.path("CopyBatchFunction").toString()).contains(logicalId("AWS::Lambda::Alias", "CopyBatchLive"));
        assertThat(substitutions.path("CopyMaxConcurrency").asText()).isEqualTo("25");
        assertThat(substitutions.path("MirrorPrefix").asText()).isEmpty();
        assertThat(properties.path("LoggingConfiguration").path("Level").asText()).isEqualTo("ERROR");
        assertThat(properties.path("LoggingConfiguration").path("IncludeExecutionData").asBoolean()).isFalse();
        assertThat(properties.path("TracingConfiguration").path("Enabled").asBoolean()).isTrue();
    }

    @Test
    void theScheduleStartsTheWorkflowWithTheConfiguredRequest() {
        JsonNode schedule = only("AWS::Scheduler::Schedule", any -> true).path("Properties");

        assertThat(schedule.path("ScheduleExpression").asText()).isEqualTo("cron(0 3 ? * SUN *)");
        assertThat(schedule.path("State").asText()).isEqualTo("ENABLED");
        // the schedule's runs say who started them
        assertThat(schedule.path("Target").path("Input").asText())
                .isEqualTo("{\"subjects\":[\"01\"],\"filters\":{\"ses\":\"04\"},\"startedBy\":\"schedule\"}");
        assertThat(schedule.path("Target").path("Arn").toString()).contains(logicalId("AWS::StepFunctions::StateMachine"));
        assertThat(schedule.path("GroupName").asText()).isEqualTo("LaionFmriMirror");
    }

    @Test
    void aStartTheScheduleCannotDeliverLandsInAnEncryptedQueueWhoseAlarmMailsTheOperator() {
        JsonNode target = only("AWS::Scheduler::Schedule", any -> true).path("Properties").path("Target");
        String queue = logicalId("AWS::SQS::Queue");

        assertThat(target.path("DeadLetterConfig").path("Arn").toString()).contains(queue);
        assertThat(target.path("RetryPolicy").path("MaximumRetryAttempts").asInt()).isPositive();
        assertThat(target.path("RetryPolicy").path("MaximumEventAgeInSeconds").asInt()).isEqualTo(3600);
        assertThat(resources.path(queue).path("Properties").path("SqsManagedSseEnabled").asBoolean()).isTrue();
        JsonNode alarm = only("AWS::CloudWatch::Alarm", candidate -> candidate.path("Properties").path("Namespace").asText().equals("AWS/SQS"));
        assertThat(alarm.path("Properties").path("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
        assertThat(alarm.path("Properties").path("Dimensions").toString()).contains(queue);
        assertThat(alarm.path("Properties").path("Threshold").asInt()).isEqualTo(1);
        assertThat(alarm.path("Properties").path("AlarmActions").get(0).path("Ref").asText()).isEqualTo(logicalId("AWS::SNS::Topic"));
        String roleId = logicalId("AWS::IAM::Role", "ScheduleRole");
        assertThat(all("AWS::IAM::Policy")).filteredOn(policy -> policy.path("Properties").path("Roles").toString().contains(roleId))
                .anySatisfy(policy -> assertThat(policy.path("Properties").path("PolicyDocument").toString())
                        .contains("sqs:SendMessage").contains(queue));
    }

    @Test
    void everyRunThatEndsFailedTimedOutOrStoppedReachesRunEndAsTheLocalEngineRaisesIt() throws Exception {
        JsonNode rule = only("AWS::Events::Rule", any -> true).path("Properties");
        JsonNode pattern = rule.path("EventPattern");
        String stateMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:LaionFmriMirror-workflow";

        assertThat(pattern.path("detail").path("stateMachineArn").get(0).path("Ref").asText()).isEqualTo(logicalId("AWS::StepFunctions::StateMachine"));
        assertThat(rule.path("Targets")).hasSize(1);
        assertThat(rule.path("Targets").get(0).path("Arn").toString()).contains(logicalId("AWS::Lambda::Alias", "RunEndLive"));
        ((ObjectNode) pattern.path("detail")).putArray("stateMachineArn").add(stateMachine);
        for (ExecutionStatus status : List.of(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT, ExecutionStatus.ABORTED)) {
            Instant start = Instant.parse("2026-12-06T03:00:00Z");
            JsonNode event = JSON.readTree(LocalWorkflow.statusChangeEvent(new ExecutionInfo(stateMachine.replace(":stateMachine:", ":execution:")
                    + ":run-1", stateMachine, "run-1", status, start, start.plusSeconds(60), "{}", null, null, null, 12)));

            assertThat(matches(pattern, event)).as(status.name()).isEqualTo(status != ExecutionStatus.SUCCEEDED);
        }
    }

    /** Whether an EventBridge pattern of exact values (each field a list of the values it takes) matches an event. */
    private static boolean matches(JsonNode pattern, JsonNode event) {
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            JsonNode value = event.path(field.getKey());
            boolean matched = field.getValue().isArray()
                    ? iterable(field.getValue().elements()).stream().anyMatch(allowed -> allowed.asText().equals(value.asText()) && value.isValueNode())
                    : matches(field.getValue(), value);
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    @Test
    void alarmsGoToTheAlertTopicWhichMailsTheOperator() {
        String topic = logicalId("AWS::SNS::Topic");
        assertThat(all("AWS::CloudWatch::Alarm")).extracting(alarm -> alarm.path("Properties").path("MetricName").asText())
                .containsExactlyInAnyOrder("ExecutionsFailed", "ExecutionsTimedOut", "ObjectsFailed", "ObjectsDenied", "ObjectsPending",
                        "ApproximateNumberOfMessagesVisible");
        assertThat(all("AWS::CloudWatch::Alarm")).allSatisfy(alarm ->
                assertThat(alarm.path("Properties").path("AlarmActions").get(0).path("Ref").asText()).isEqualTo(topic));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "it@example.org",
                "TopicArn", Map.of("Ref", topic)));
        template.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of("KmsMasterKeyId", Match.anyValue())));
    }

    @Test
    void namesFollowTheStackSoARedeployOrASecondStackDoesNotCollide() {
        JsonNode table = only("AWS::DynamoDB::Table", any -> true);
        assertThat(table.path("Properties").has("TableName")).as("CloudFormation names the table").isFalse();
        assertThat(only("AWS::StepFunctions::StateMachine", any -> true).path("Properties").path("StateMachineName").asText())
                .isEqualTo("LaionFmriMirror-workflow");
        assertThat(only("AWS::CloudWatch::Dashboard", any -> true).path("Properties").path("DashboardName").asText())
                .isEqualTo("LaionFmriMirror-dashboard");

        JsonNode second = synthesise(Map.of("stackName", "SecondMirror"));
        assertThat(ofType(second, "AWS::StepFunctions::StateMachine").get(0).path("Properties").path("StateMachineName").asText())
                .isEqualTo("SecondMirror-workflow");
        assertThat(ofType(second, "AWS::Scheduler::Schedule").get(0).path("Properties").path("Name").asText()).isEqualTo("SecondMirror-refresh");
    }

    @Test
    void aRedeployReattachesTheRetainedTableAndBucket() {
        JsonNode redeployed = synthesise(Map.of("stateTableName", "LaionFmriMirror-StateA1B2", "mirrorBucketName", "lab-laion-mirror"));

        assertThat(ofType(redeployed, "AWS::DynamoDB::Table")).isEmpty();
        assertThat(ofType(redeployed, "AWS::S3::Bucket")).isEmpty();
        assertThat(ofType(redeployed, "AWS::Lambda::Function")).allSatisfy(function -> {
            JsonNode variables = function.path("Properties").path("Environment").path("Variables");
            assertThat(variables.path("STATE_TABLE").asText()).isEqualTo("LaionFmriMirror-StateA1B2");
            assertThat(variables.path("MIRROR_BUCKET").asText()).isEqualTo("lab-laion-mirror");
        });
    }

    @Test
    void theCopyFunctionReservesTheMapsConcurrencyUnlessToldNotTo() {
        assertThat(function("CopyBatch").path("Properties").path("ReservedConcurrentExecutions").asInt()).isEqualTo(25);
        assertThat(all("AWS::Lambda::Function")).filteredOn(function -> function.path("Properties").has("ReservedConcurrentExecutions")).hasSize(1);

        JsonNode unreserved = synthesise(Map.of("reserveCopyConcurrency", "false"));
        assertThat(ofType(unreserved, "AWS::Lambda::Function")).noneMatch(function -> function.path("Properties").has("ReservedConcurrentExecutions"));
    }

    @Test
    void batchLimitsAndTheRunTimeoutReachTheFunctionsAndTheDefinition() throws Exception {
        JsonNode variables = function("Plan").path("Properties").path("Environment").path("Variables");
        assertThat(variables.path("COPY_BATCH_MAX_ITEMS").asText()).isEqualTo("100");
        assertThat(variables.path("COPY_BATCH_MAX_BYTES").asText()).isEqualTo(Long.toString(16L << 30));
        assertThat(variables.path("RUN_TIMEOUT_SECONDS").asText()).isEqualTo("43200");

        JsonNode shorter = synthesise(Map.of("runTimeoutHours", "2"));
        JsonNode definition = JSON.readTree(ofType(shorter, "AWS::StepFunctions::StateMachine").get(0).path("Properties").path("DefinitionString").asText());
        assertThat(definition.path("TimeoutSeconds").asLong()).isEqualTo(7200);
    }

    @Test
    void snapStartCanBeTurnedOffForRegionsWithoutIt() {
        JsonNode without = synthesise(Map.of("snapStart", "false"));
        assertThat(ofType(without, "AWS::Lambda::Function")).noneMatch(function -> function.path("Properties").has("SnapStart"));
    }

    @Test
    void serviceGrantsNameTheAccountAndTheSourceTheyServe() {
        JsonNode trust = only("AWS::IAM::Role", role -> role.path("Properties").path("AssumeRolePolicyDocument").toString().contains("scheduler.amazonaws.com"))
                .path("Properties").path("AssumeRolePolicyDocument").path("Statement").get(0).path("Condition");
        assertThat(trust.path("StringEquals").has("aws:SourceAccount")).isTrue();
        // Scheduler sends its schedule group's ARN as aws:SourceArn, never the schedule's
        assertThat(trust.path("ArnEquals").path("aws:SourceArn")).isEqualTo(JSON.valueToTree(
                Map.of("Fn::GetAtt", List.of(logicalId("AWS::Scheduler::ScheduleGroup"), "Arn"))));

        JsonNode keyPolicy = only("AWS::KMS::Key", any -> true).path("Properties").path("KeyPolicy").path("Statement");
        JsonNode cloudWatch = iterable(keyPolicy.elements()).stream()
                .filter(statement -> statement.path("Sid").asText().equals("CloudWatchAlarmsPublishToTheEncryptedTopic")).findFirst().orElseThrow();
        assertThat(cloudWatch.path("Condition").path("StringEquals").has("aws:SourceAccount")).isTrue();
        assertThat(cloudWatch.path("Condition").path("ArnLike").path("aws:SourceArn").toString()).contains(":alarm:*");
    }

    @Test
    void synthWarnsOfInterRegionCopiesAndOfWhatImportedResourcesNeed() {
        App app = new App(AppProps.builder().context(Map.of("kmsKeyArn", "arn:aws:kms:eu-central-1:123456789012:key/abc",
                "mirrorBucketName", "lab-laion-mirror")).build());
        MirrorStack stack = new MirrorStack(app, StackSettings.fromContext(app.getNode()), StackProps.builder()
                .env(Environment.builder().account("123456789012").region("eu-central-1").build()).build());
        List<String> warnings = Annotations.fromStack(stack).findWarning("*", Match.anyValue()).stream()
                .map(message -> String.valueOf(message.getEntry().getData())).toList();

        assertThat(warnings).anyMatch(warning -> warning.contains("eu-central-1") && warning.contains("inter-region transfer"));
        assertThat(warnings).anyMatch(warning -> warning.contains("imported KMS key") && warning.contains("cloudwatch.amazonaws.com"));
        assertThat(warnings).anyMatch(warning -> warning.contains("lab-laion-mirror") && warning.contains("stimulus deny"));
        assertThat(warnings).anyMatch(warning -> warning.contains("lab-laion-mirror must be in this stack's account and region (eu-central-1)")
                && warning.contains("ResultWriter"));
    }

    @Test
    void outputsWhatTheClientNeedsToFindTheMirrorAndThePrefixOnlyWhenThereIsOne() {
        JsonNode outputs = JSON.valueToTree(template.toJSON()).path("Outputs");
        App app = new App(AppProps.builder().context(Map.of("mirrorPrefix", "lab/")).build());
        JsonNode prefixed = JSON.valueToTree(Template.fromStack(new MirrorStack(app, StackSettings.fromContext(app.getNode()),
                StackProps.builder().build())).toJSON()).path("Outputs");

        assertThat(iterable(outputs.fieldNames())).contains("StateMachineArn", "MirrorBucket", "StateTable", "Region")
                .as("an empty output value fails the deploy").doesNotContain("MirrorPrefix");
        assertThat(outputs.toString()).doesNotContain("\"Value\":\"\"");
        assertThat(prefixed.path("MirrorPrefix").path("Value").asText()).isEqualTo("lab/");
    }

    @Test
    void refusesSettingsThatWouldBreakTheDefinitionOrTheMap() {
        for (Map<String, Object> context : List.of(Map.<String, Object>of("mirrorPrefix", "data'{}/"), Map.<String, Object>of("copyBatchMaxItems", "0"),
                Map.<String, Object>of("copyMaxConcurrency", "-1"), Map.<String, Object>of("noncurrentVersionDays", "-1"), Map.<String, Object>of("scheduleRequest", "subjects=all"),
                Map.<String, Object>of("scheduleRequest", "[\"01\"]"))) {
            App app = new App(AppProps.builder().context(context).build());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> StackSettings.fromContext(app.getNode()))
                    .as(context.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("context " + context.keySet().iterator().next());
        }
    }

    private static JsonNode synthesise(Map<String, Object> context) {
        App app = new App(AppProps.builder().context(context).build());
        return JSON.valueToTree(Template.fromStack(new MirrorStack(app, StackSettings.fromContext(app.getNode()), StackProps.builder().build()))
                .toJSON()).path("Resources");
    }

    private static List<JsonNode> ofType(JsonNode resources, String type) {
        List<JsonNode> found = new ArrayList<>();
        resources.forEach(resource -> {
            if (resource.path("Type").asText().equals(type)) {
                found.add(resource);
            }
        });
        return found;
    }

    private static JsonNode function(String step) {
        return resources.path(logicalId("AWS::Lambda::Function", step + "Function"));
    }

    private static TreeSet<String> substitutionNames() {
        TreeSet<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(MirrorDefinition.text());
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static List<JsonNode> mirrorPolicyStatements() {
        String mirror = logicalId("AWS::S3::Bucket", "Mirror");
        JsonNode policy = only("AWS::S3::BucketPolicy", candidate -> candidate.path("Properties").path("Bucket").path("Ref").asText().equals(mirror));
        return iterable(policy.path("Properties").path("PolicyDocument").path("Statement").elements());
    }

    private static List<JsonNode> all(String type) {
        return ofType(resources, type);
    }

    private static JsonNode only(String type, java.util.function.Predicate<JsonNode> which) {
        List<JsonNode> found = all(type).stream().filter(which).toList();
        assertThat(found).as(type).hasSize(1);
        return found.get(0);
    }

    /** The logical id of the one resource of a type (whose id starts with {@code prefix}, if given). */
    private static String logicalId(String type, String... prefix) {
        List<String> ids = new ArrayList<>();
        resources.properties().forEach(entry -> {
            if (entry.getValue().path("Type").asText().equals(type) && (prefix.length == 0 || entry.getKey().startsWith(prefix[0]))) {
                ids.add(entry.getKey());
            }
        });
        assertThat(ids).as(type).hasSize(1);
        return ids.get(0);
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> items = new ArrayList<>();
        iterator.forEachRemaining(items::add);
        return items;
    }
}
