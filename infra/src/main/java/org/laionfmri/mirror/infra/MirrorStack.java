package org.laionfmri.mirror.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import org.laionfmri.mirror.statemachine.MirrorDefinition;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableAttributes;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.scheduler.CfnScheduleGroup;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * The mirror as lab IT deploys it: the mirror bucket, the state table, one Lambda per workflow step
 * (each with its own least-privilege role), the state machine from {@code mirror.asl.json}, the
 * function that records the end of a run its Report did not, the scheduled refresh, alarms to an SNS
 * topic, and a dashboard.
 */
public final class MirrorStack extends Stack {

    public static final String METRICS_NAMESPACE = "LaionMirror";
    public static final String SERVICE_NAME = "laion-mirror";
    static final List<String> STIMULUS_FILES = List.of("stimuli/task-images_stimuli.h5", "stimuli/task-images_metadata.csv");
    /** Where runs keep their artefacts in the mirror, and the object Plan writes to prove it writable (the functions' RunLayout). */
    static final String RUN_ARTEFACTS = "_mirror/runs/";
    static final String WRITE_PROBE = "write-probe";
    /** The execution statuses RunEnd records (the functions' UnreportedEnd). */
    static final List<String> RUN_ENDS = List.of("FAILED", "TIMED_OUT", "ABORTED");
    /** The public bucket's region: copies into a stack elsewhere are inter-region transfers. */
    static final String SOURCE_REGION = "us-west-2";
    /** The services that use the key for the functions (kms:ViaService's service names). */
    private static final String S3 = "s3";
    private static final String DYNAMODB = "dynamodb";

    private final StackSettings settings;
    private final IKey key;
    private final IBucket mirror;
    private final ITable table;

    public MirrorStack(Construct scope, StackSettings settings, StackProps props) {
        super(scope, settings.stackName(), props);
        this.settings = settings;
        this.key = settings.kmsKeyArn().isEmpty()
                ? Key.Builder.create(this, "Key").description("laion-fmri-mirror: the mirror bucket, the state table and the alerts")
                        .enableKeyRotation(true).removalPolicy(RemovalPolicy.RETAIN).build()
                : Key.fromKeyArn(this, "Key", settings.kmsKeyArn());
        this.mirror = settings.mirrorBucketName().isEmpty()
                ? createMirrorBucket()
                : Bucket.fromBucketName(this, "Mirror", settings.mirrorBucketName());
        this.table = settings.stateTableName().isEmpty()
                ? createStateTable()
                : Table.fromTableAttributes(this, "State", TableAttributes.builder().tableName(settings.stateTableName()).encryptionKey(key).build());
        warnAboutTheDeployment();

        Map<String, Alias> functions = new LinkedHashMap<>();
        functions.put("Validate", function("Validate", settings.smallFunctionMemoryMb(), Duration.seconds(30), null));
        functions.put("LicenceGate", function("LicenceGate", settings.smallFunctionMemoryMb(), Duration.seconds(30), null));
        functions.put("Plan", function("Plan", settings.planMemoryMb(), Duration.minutes(15), null));
        // reserved: the copies neither exceed what the map starts nor starve the account's other functions
        functions.put("CopyBatch", function("CopyBatch", settings.copyMemoryMb(), Duration.minutes(15),
                settings.reserveCopyConcurrency() ? settings.copyMaxConcurrency() : null));
        functions.put("Stimuli", function("Stimuli", settings.copyMemoryMb(), Duration.minutes(15), null));
        functions.put("Report", function("Report", settings.smallFunctionMemoryMb(), Duration.minutes(5), null));
        grantSteps(functions);
        Alias runEnd = function("RunEnd", settings.smallFunctionMemoryMb(), Duration.seconds(30), null);
        table.grant(runEnd.getRole(), "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        useKeyThrough(DYNAMODB, runEnd.getRole(), "kms:Decrypt");
        if (mirror instanceof Bucket created) {
            denyStimulusReads(created, functions.get("Stimuli").getRole());
        }

        StateMachine workflow = stateMachine(functions);
        recordEveryEnd(workflow, runEnd);
        alerts(workflow, schedule(workflow));

        explainNagFindings();

        CfnOutput.Builder.create(this, "StateMachineArn").value(workflow.getStateMachineArn()).description("the mirror workflow").build();
        CfnOutput.Builder.create(this, "MirrorBucket").value(mirror.getBucketName()).description("the mirror").build();
        if (!settings.mirrorPrefix().isEmpty()) { // CloudFormation refuses an output whose value is empty
            CfnOutput.Builder.create(this, "MirrorPrefix").value(settings.mirrorPrefix()).description("the mirror's key prefix").build();
        }
        CfnOutput.Builder.create(this, "StateTable").value(table.getTableName()).description("licence, access and run records").build();
        CfnOutput.Builder.create(this, "Region").value(getRegion()).build();
        CfnOutput.Builder.create(this, "StimuliRoleArn").value(functions.get("Stimuli").getRole().getRoleArn())
                .description("the role an imported bucket's stimulus deny must let read").build();
    }

    /** The state table, named by CloudFormation (a fixed name would collide with a retained table or a second stack). */
    private Table createStateTable() {
        return Table.Builder.create(this, "State")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.CUSTOMER_MANAGED).encryptionKey(key)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** What lab IT must know before deploying, said at synth: the cost of the region, and what imported resources need. */
    private void warnAboutTheDeployment() {
        if (!Token.isUnresolved(getRegion()) && !getRegion().equals(SOURCE_REGION)) {
            Annotations.of(this).addWarningV2("laion-mirror:inter-region", "The mirror is in " + getRegion() + " and the dataset in "
                    + SOURCE_REGION + ": every copied byte is an inter-region transfer (about $0.02 per GB; see the README's Deploy section).");
        }
        if (!settings.kmsKeyArn().isEmpty()) {
            Annotations.of(this).addWarningV2("laion-mirror:imported-key", "With an imported KMS key, its key policy must let CloudWatch"
                    + " (cloudwatch.amazonaws.com) use the key (kms:Decrypt, kms:GenerateDataKey*) or the alarms cannot publish to the"
                    + " encrypted topic: add the statement the README's Deploy section gives.");
        }
        if (!settings.mirrorBucketName().isEmpty()) {
            Annotations.of(this).addWarningV2("laion-mirror:imported-bucket", "The stack manages no policy on the existing bucket "
                    + settings.mirrorBucketName() + ": add the stimulus deny statement the README's Deploy section gives.");
            Annotations.of(this).addWarningV2("laion-mirror:imported-bucket-region", "The existing bucket " + settings.mirrorBucketName()
                    + " must be in this stack's account and region (" + (Token.isUnresolved(getRegion()) ? "the one you deploy to" : getRegion())
                    + "): the workflow's Distributed Map writes its copy results into it (ResultWriter), which fails for a bucket elsewhere.");
        }
    }

    /** The mirror bucket, private and encrypted, with its access logs in a bucket of their own. */
    private Bucket createMirrorBucket() {
        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED) // S3 server access logs cannot be delivered to an SSE-KMS bucket
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(365)).noncurrentVersionExpiration(Duration.days(30)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        List<LifecycleRule> rules = new ArrayList<>(List.of(
                LifecycleRule.builder().id("RunArtefacts").prefix(settings.mirrorPrefix() + "_mirror/runs/")
                        .expiration(Duration.days(settings.runArtefactsDays()))
                        .noncurrentVersionExpiration(Duration.days(settings.runArtefactsDays())).build(),
                // an aborted or interrupted streamed upload (plan, stimulus file) must not linger as parts
                LifecycleRule.builder().id("IncompleteUploads").abortIncompleteMultipartUploadAfter(Duration.days(7)).build()));
        if (settings.noncurrentVersionDays() > 0) {
            // the bucket is versioned: every object a refresh replaces would otherwise stay, and stay billed
            LifecycleRule.Builder oldVersions = LifecycleRule.builder().id("ReplacedVersions")
                    .noncurrentVersionExpiration(Duration.days(settings.noncurrentVersionDays()));
            if (!settings.mirrorPrefix().isEmpty()) {
                oldVersions.prefix(settings.mirrorPrefix());
            }
            rules.add(oldVersions.build());
        }
        return Bucket.Builder.create(this, "Mirror")
                .encryption(BucketEncryption.KMS).encryptionKey(key).bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(true)
                .serverAccessLogsBucket(accessLogs).serverAccessLogsPrefix("mirror/")
                .lifecycleRules(rules)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** One step's function: Java 21 on arm64 with SnapStart, its own role and log group, reached through its "live" alias. */
    private Alias function(String step, int memoryMb, Duration timeout, Integer reservedConcurrency) {
        LogGroup logs = LogGroup.Builder.create(this, step + "Logs").retention(RetentionDays.THREE_MONTHS).removalPolicy(RemovalPolicy.DESTROY).build();
        Role role = Role.Builder.create(this, step + "Role").assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("laion-fmri-mirror " + step + " function").build();
        logs.grantWrite(role);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("MIRROR_BUCKET", mirror.getBucketName());
        environment.put("MIRROR_PREFIX", settings.mirrorPrefix());
        environment.put("STATE_TABLE", table.getTableName());
        environment.put("SOURCE_BUCKET", settings.sourceBucket());
        environment.put("ACCESS_SERVICE_URL", settings.accessServiceUrl());
        environment.put("COPY_BATCH_MAX_ITEMS", Integer.toString(settings.copyBatchMaxItems()));
        environment.put("COPY_BATCH_MAX_BYTES", Long.toString((long) settings.copyBatchMaxGiB() << 30));
        environment.put("RUN_TIMEOUT_SECONDS", Long.toString(runTimeout().toSeconds()));
        environment.put("POWERTOOLS_SERVICE_NAME", SERVICE_NAME);
        environment.put("POWERTOOLS_LOG_LEVEL", "INFO");
        environment.put("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE);
        Function function = Function.Builder.create(this, step + "Function")
                .description("laion-fmri-mirror: the " + step + " step")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler("org.laionfmri.mirror.handlers." + step + "Handler::handleRequest")
                .code(Code.fromAsset(settings.lambdaJar()))
                .memorySize(memoryMb)
                .timeout(timeout)
                .role(role)
                .logGroup(logs)
                .environment(environment)
                .snapStart(settings.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .reservedConcurrentExecutions(reservedConcurrency)
                .tracing(Tracing.ACTIVE)
                .build();
        if (settings.snapStart()) {
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish", "its current version is published for the live alias");
        }
        return Alias.Builder.create(this, step + "Live").aliasName("live").version(function.getCurrentVersion()).build();
    }

    /**
     * Each step gets only the actions it uses, on only the resources it touches. The IAM simulation tier
     * (IamSimulationTest) checks every call the functions make in an end-to-end run against these.
     */
    private void grantSteps(Map<String, Alias> functions) {
        String prefix = settings.mirrorPrefix();
        String sourceObjects = "arn:" + getPartition() + ":s3:::" + settings.sourceBucket() + "/*";
        String runArtefacts = mirror.arnForObjects(prefix + RUN_ARTEFACTS + "*");
        IRole licenceGate = functions.get("LicenceGate").getRole();
        table.grant(licenceGate, "dynamodb:GetItem");
        useKeyThrough(DYNAMODB, licenceGate, "kms:Decrypt");

        // Plan lists the public source unsigned: it needs no grant on it
        IRole plan = functions.get("Plan").getRole();
        listMirror(plan, prefix.isEmpty() ? null : prefix + "*");
        allow(plan, List.of("s3:PutObject", "s3:AbortMultipartUpload"), runArtefacts);
        allow(plan, List.of("s3:GetObject", "s3:DeleteObject"), mirror.arnForObjects(prefix + RUN_ARTEFACTS + "*/" + WRITE_PROBE));
        table.grant(plan, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
        useKeyThrough(S3, plan, "kms:Decrypt", "kms:GenerateDataKey");
        useKeyThrough(DYNAMODB, plan, "kms:Decrypt");

        IRole copyBatch = functions.get("CopyBatch").getRole();
        allow(copyBatch, List.of("s3:GetObject"), sourceObjects);
        allow(copyBatch, List.of("s3:PutObject", "s3:AbortMultipartUpload"), mirror.arnForObjects(prefix + "*"));
        // the dataset's keys only: never the DUA stimulus files or the workflow's own records
        List<String> notDataset = new ArrayList<>(STIMULUS_FILES.stream().map(file -> mirror.arnForObjects(prefix + file)).toList());
        notDataset.add(mirror.arnForObjects(prefix + "_mirror/*"));
        copyBatch.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.DENY)
                .actions(List.of("s3:PutObject")).resources(notDataset).build());
        table.grant(copyBatch, "dynamodb:GetItem", "dynamodb:UpdateItem"); // reads whether its run goes on, adds its progress
        useKeyThrough(S3, copyBatch, "kms:Decrypt", "kms:GenerateDataKey");
        useKeyThrough(DYNAMODB, copyBatch, "kms:Decrypt");

        IRole stimuli = functions.get("Stimuli").getRole();
        List<String> stimulusObjects = STIMULUS_FILES.stream().map(file -> mirror.arnForObjects(prefix + file)).toList();
        listMirror(stimuli, prefix + "stimuli/");
        allow(stimuli, List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"), stimulusObjects.toArray(String[]::new));
        table.grant(stimuli, "dynamodb:GetItem");
        useKeyThrough(S3, stimuli, "kms:Decrypt", "kms:GenerateDataKey");
        useKeyThrough(DYNAMODB, stimuli, "kms:Decrypt");

        IRole report = functions.get("Report").getRole();
        allow(report, List.of("s3:GetObject", "s3:PutObject"), runArtefacts);
        table.grant(report, "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        useKeyThrough(S3, report, "kms:Decrypt", "kms:GenerateDataKey");
        useKeyThrough(DYNAMODB, report, "kms:Decrypt");
    }

    /**
     * {@code actions} on the key for {@code role} only as {@code service} (S3 or DynamoDB, in this region) uses
     * it on the role's behalf: the key of the bucket, the table (with the request_id) and the topic is never
     * used by a direct KMS call.
     */
    private void useKeyThrough(String service, IRole role, String... actions) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().actions(List.of(actions)).resources(List.of(key.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", service + "." + getRegion() + "." + getUrlSuffix()))).build());
    }

    /** ListBucket on the mirror, limited to listings under {@code prefixPattern} (null: the whole bucket). */
    private void listMirror(IRole role, String prefixPattern) {
        PolicyStatement.Builder statement = PolicyStatement.Builder.create().actions(List.of("s3:ListBucket")).resources(List.of(mirror.getBucketArn()));
        if (prefixPattern != null) {
            statement.conditions(Map.of("StringLike", Map.of("s3:prefix", prefixPattern)));
        }
        role.addToPrincipalPolicy(statement.build());
    }

    /** The stimulus images fall under the Data Use Agreement: only its holders and the Stimuli step may read them. */
    private void denyStimulusReads(Bucket bucket, IRole stimuliRole) {
        List<String> allowed = new ArrayList<>(settings.stimulusReaders());
        allowed.add(stimuliRole.getRoleArn());
        bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("StimulusImagesOnlyForDuaHolders")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:GetObject", "s3:GetObjectVersion"))
                .resources(STIMULUS_FILES.stream().map(file -> bucket.arnForObjects(settings.mirrorPrefix() + file)).toList())
                .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", allowed)))
                .build());
    }

    /** The workflow from mirror.asl.json, its substitutions filled in; logs at ERROR without execution data, traced. */
    private StateMachine stateMachine(Map<String, Alias> functions) {
        Map<String, String> substitutions = new LinkedHashMap<>();
        functions.forEach((step, alias) -> substitutions.put(step + "Function", alias.getFunctionArn()));
        substitutions.put("Partition", getPartition());
        substitutions.put("MirrorBucket", mirror.getBucketName());
        substitutions.put("MirrorPrefix", settings.mirrorPrefix());
        substitutions.put("CopyMaxConcurrency", Integer.toString(settings.copyMaxConcurrency()));
        LogGroup logs = LogGroup.Builder.create(this, "WorkflowLogs").retention(RetentionDays.THREE_MONTHS).removalPolicy(RemovalPolicy.DESTROY).build();
        StateMachine workflow = StateMachine.Builder.create(this, "Workflow")
                .stateMachineName(settings.stateMachineName())
                .definitionBody(DefinitionBody.fromString(MirrorDefinition.text(runTimeout())))
                .definitionSubstitutions(substitutions)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ERROR).includeExecutionData(false).build())
                .tracingEnabled(true)
                .build();
        functions.values().forEach(alias -> alias.grantInvoke(workflow));
        String runs = mirror.arnForObjects(settings.mirrorPrefix() + "_mirror/runs/*");
        allow(workflow.getRole(), List.of("s3:GetObject", "s3:PutObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"), runs);
        useKeyThrough(S3, workflow.getRole(), "kms:Decrypt", "kms:GenerateDataKey");
        String states = "arn:" + getPartition() + ":states:" + getRegion() + ":" + getAccount() + ":";
        allow(workflow.getRole(), List.of("states:StartExecution"), states + "stateMachine:" + settings.stateMachineName());
        allow(workflow.getRole(), List.of("states:DescribeExecution", "states:StopExecution"),
                states + "execution:" + settings.stateMachineName() + "/*");
        return workflow;
    }

    /**
     * Every end of a run gives the mirror back: the workflow's execution status changes to FAILED, TIMED_OUT and
     * ABORTED reach RunEnd, which finishes a run Report did not record (a timeout, a stop, a Report that failed)
     * and releases its lease if it still holds it.
     */
    private void recordEveryEnd(StateMachine workflow, Alias runEnd) {
        Rule.Builder.create(this, "RunEnded")
                .description("laion-fmri-mirror: records a run that ended without its report and gives the mirror back")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.states"))
                        .detailType(List.of("Step Functions Execution Status Change"))
                        .detail(Map.of("stateMachineArn", List.of(workflow.getStateMachineArn()), "status", RUN_ENDS))
                        .build())
                .targets(List.of(new LambdaFunction(runEnd)))
                .build();
    }

    private java.time.Duration runTimeout() {
        return java.time.Duration.ofHours(settings.runTimeoutHours());
    }

    /**
     * The unattended refresh: EventBridge Scheduler starts the workflow with the configured request, from a schedule
     * group of the stack's own; a start it cannot deliver after its retries lands in a queue whose alarm says so.
     */
    private Queue schedule(StateMachine workflow) {
        CfnScheduleGroup group = CfnScheduleGroup.Builder.create(this, "RefreshGroup").name(settings.stackName()).build();
        Queue undelivered = Queue.Builder.create(this, "RefreshUndelivered")
                .encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true).retentionPeriod(Duration.days(14)).build();
        NagSuppressions.addResourceSuppressions(undelivered, List.of(NagPackSuppression.builder().id("AwsSolutions-SQS3")
                .reason("it is the dead-letter queue of the schedule's target (Scheduler's DeadLetterConfig, which cdk-nag does not read)").build()));
        // Scheduler names the schedule's group, never the schedule, as aws:SourceArn: only this account's group of the stack may assume it
        Role role = Role.Builder.create(this, "ScheduleRole")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com").withConditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", getAccount()),
                        "ArnEquals", Map.of("aws:SourceArn", group.getAttrArn()))))
                .description("laion-fmri-mirror: starts the scheduled refresh").build();
        workflow.grantStartExecution(role);
        allow(role, List.of("sqs:SendMessage"), undelivered.getQueueArn());
        CfnSchedule.Builder.create(this, "Refresh")
                .name(settings.stackName() + "-refresh")
                .groupName(group.getName())
                .description("laion-fmri-mirror: refreshes the mirror")
                .scheduleExpression(settings.scheduleExpression())
                .state(settings.scheduleEnabled() ? "ENABLED" : "DISABLED")
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                .target(CfnSchedule.TargetProperty.builder().arn(workflow.getStateMachineArn()).roleArn(role.getRoleArn())
                        .input(settings.scheduleRequest())
                        // a refused or throttled start is retried for an hour, then said in the queue (and its alarm)
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder().maximumRetryAttempts(10).maximumEventAgeInSeconds(3600).build())
                        .deadLetterConfig(CfnSchedule.DeadLetterConfigProperty.builder().arn(undelivered.getQueueArn()).build())
                        .build())
                .build()
                .addDependency(group);
        return undelivered;
    }

    /**
     * Alarms on failed and timed-out runs, on objects that failed, were denied or were left pending, and on scheduled
     * starts that could not be delivered, mailed through an encrypted topic; and a dashboard.
     */
    private void alerts(StateMachine workflow, Queue undeliveredStarts) {
        Topic topic = Topic.Builder.create(this, "Alerts").displayName("laion-fmri-mirror alerts").masterKey(key).enforceSsl(true).build();
        if (key instanceof Key created) {
            created.addToResourcePolicy(PolicyStatement.Builder.create()
                    .sid("CloudWatchAlarmsPublishToTheEncryptedTopic")
                    .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                    .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                    .resources(List.of("*"))
                    // this account's alarms only
                    .conditions(Map.of(
                            "StringEquals", Map.of("aws:SourceAccount", getAccount()),
                            "ArnLike", Map.of("aws:SourceArn", "arn:" + getPartition() + ":cloudwatch:" + getRegion() + ":" + getAccount() + ":alarm:*")))
                    .build());
        }
        if (!settings.alertEmail().isEmpty()) {
            topic.addSubscription(new EmailSubscription(settings.alertEmail()));
        }
        MetricOptions hourly = MetricOptions.builder().period(Duration.hours(1)).statistic("Sum").build();
        Metric objectsFailed = Metric.Builder.create().namespace(METRICS_NAMESPACE).metricName("ObjectsFailed")
                .dimensionsMap(Map.of("Service", SERVICE_NAME)).period(Duration.hours(1)).statistic("Sum").build();
        Map<String, IMetric> watched = new LinkedHashMap<>();
        watched.put("RunsFailed", workflow.metricFailed(hourly));
        watched.put("RunsTimedOut", workflow.metricTimedOut(hourly));
        watched.put("ObjectsFailed", objectsFailed);
        watched.put("ObjectsDenied", metric("ObjectsDenied"));
        watched.put("ObjectsPending", metric("ObjectsPending"));
        watched.put("RefreshUndelivered", undeliveredStarts.metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()));
        watched.forEach((name, metric) -> Alarm.Builder.create(this, name + "Alarm")
                .alarmDescription("laion-fmri-mirror: " + name)
                .metric(metric).threshold(1).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()
                .addAlarmAction(new SnsAction(topic)));
        Dashboard.Builder.create(this, "Dashboard").dashboardName(settings.stackName() + "-dashboard").widgets(List.of(List.of(
                GraphWidget.Builder.create().title("Runs").left(List.of(workflow.metricStarted(hourly), workflow.metricSucceeded(hourly),
                        workflow.metricFailed(hourly))).build(),
                GraphWidget.Builder.create().title("Objects").left(List.of(metric("ObjectsCopied"), metric("ObjectsSkipped"),
                        metric("ObjectsDenied"), objectsFailed)).build(),
                GraphWidget.Builder.create().title("Bytes copied").left(List.of(metric("BytesCopied"))).build()))).build();
    }

    /** The AwsSolutions findings this design accepts, each with why (cdk-nag's checks run in the app and in the tests). */
    private void explainNagFindings() {
        NagSuppressions.addStackSuppressions(this, List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("S3 object permissions are scoped to the prefixes each step reads or writes (the run artefacts, the mirrored"
                                + " dataset keys, the public source bucket); object ARNs can only name a prefix with a wildcard")
                        .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::.*:s3:::.*\\/\\*$|^Resource::<.*\\.Arn>\\/.*\\*$/g").build()))
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("Plan reads back and deletes only its own write probe, one per run: the run id is known at run time only")
                        .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::<.*\\.Arn>\\/.*_mirror\\/runs\\/\\*\\/" + WRITE_PROBE + "$/g").build()))
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("the Distributed Map's child executions are named at run time; the grant is limited to this state machine's executions")
                        .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::.*:execution:" + settings.stateMachineName() + "\\/\\*$/g").build()))
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("X-Ray tracing and Step Functions log delivery actions support no resource-level permissions")
                        .appliesTo(List.of("Resource::*"))
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-L1")
                        .reason("the functions run on Java 21, the runtime the design chose (an LTS with SnapStart); moving on is a tested change")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-SF1")
                        .reason("the workflow logs at ERROR without execution data on purpose: execution data could carry secrets, and"
                                + " every run's outcome is recorded in its report and run item")
                        .build()),
                true);
    }

    private static Metric metric(String name) {
        return Metric.Builder.create().namespace(METRICS_NAMESPACE).metricName(name).dimensionsMap(Map.of("Service", SERVICE_NAME))
                .period(Duration.hours(1)).statistic("Sum").build();
    }

    private static void allow(IRole role, List<String> actions, String... resources) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().actions(actions).resources(List.of(resources)).build());
    }
}
