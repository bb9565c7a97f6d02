package org.laionfmri.mirror.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.constructs.Node;

/**
 * What lab IT chooses about the stack, read from CDK context ({@code -c name=value} or {@code cdk.json}),
 * each with a default that works as is.
 *
 * @param stackName the CloudFormation stack; the state machine, the schedule and the dashboard are named after it
 * @param mirrorBucketName an existing bucket to mirror into (a redeploy re-attaches the retained one); empty: the stack creates one
 * @param mirrorPrefix the key prefix of the mirror in the bucket ("" or ending in "/")
 * @param kmsKeyArn an existing KMS key for the bucket, the table and the topic; empty: the stack creates one
 * @param stateTableName an existing state table (a redeploy re-attaches the retained one); empty: the stack creates one
 * @param stimulusReaders IAM principal ARNs (the DUA holders) allowed to read the stimulus images
 * @param scheduleExpression when the scheduled refresh runs (EventBridge Scheduler syntax)
 * @param scheduleRequest the request the scheduled refresh runs (the execution input); its runs are listed as started by
 *     {@code schedule} unless it says otherwise ({@code startedBy})
 * @param alertEmail where alarms are mailed; empty: no subscription
 * @param runArtefactsDays how long the run artefacts ({@code _mirror/runs/}: plans, results, reports) are kept
 * @param noncurrentVersionDays how long a version of a mirror object that a refresh replaced is kept; 0 keeps them
 * @param copyMaxConcurrency copy batches at once: the Distributed Map's MaxConcurrency and the copy function's reserved concurrency
 * @param reserveCopyConcurrency whether the copy function reserves that concurrency (needs an account quota of 100 more)
 * @param copyBatchMaxItems objects per copy batch
 * @param copyBatchMaxGiB bytes per copy batch, in GiB (a larger object is a batch of its own)
 * @param runTimeoutHours how long a run may take before Step Functions ends it (and its hold on the mirror lapses)
 * @param snapStart whether the functions use Lambda SnapStart (not offered in every region)
 * @param lambdaJar the functions' deployment jar (default: where the build copies it, see infra/pom.xml)
 */
public record StackSettings(
        String stackName,
        String mirrorBucketName,
        String mirrorPrefix,
        String kmsKeyArn,
        String stateTableName,
        List<String> stimulusReaders,
        String scheduleExpression,
        boolean scheduleEnabled,
        String scheduleRequest,
        String alertEmail,
        int runArtefactsDays,
        int noncurrentVersionDays,
        int smallFunctionMemoryMb,
        int planMemoryMb,
        int copyMemoryMb,
        int copyMaxConcurrency,
        boolean reserveCopyConcurrency,
        int copyBatchMaxItems,
        int copyBatchMaxGiB,
        int runTimeoutHours,
        boolean snapStart,
        String sourceBucket,
        String accessServiceUrl,
        String lambdaJar) {

    public static final String DEFAULT_STACK_NAME = "LaionFmriMirror";
    public static final String DEFAULT_LAMBDA_JAR = "target/lambda/functions-lambda.jar";
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String DEFAULT_REQUEST = "{\"subjects\": \"all\", \"filters\": {\"ses\": \"averages\"}}";

    /** S3's safe key characters: the prefix also goes into the definition's JSON and a States.Format template. */
    private static final Pattern SAFE_PREFIX = Pattern.compile("[A-Za-z0-9!_.*()/-]*");
    /** A CloudFormation stack name short enough to name the state machine (80 characters) after. */
    private static final Pattern STACK_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}");

    public StackSettings {
        if (!STACK_NAME.matcher(stackName).matches()) {
            throw new IllegalArgumentException("context stackName: \"" + stackName + "\" must start with a letter and hold letters, digits"
                    + " and - (at most 64)");
        }
        if (!SAFE_PREFIX.matcher(mirrorPrefix).matches() || mirrorPrefix.startsWith("/") || mirrorPrefix.contains("//")) {
            throw new IllegalArgumentException("context mirrorPrefix: \"" + mirrorPrefix
                    + "\" must be letters, digits and !_.*()/- (no leading or doubled /)");
        }
        if (!mirrorPrefix.isEmpty() && !mirrorPrefix.endsWith("/")) {
            mirrorPrefix = mirrorPrefix + "/";
        }
        scheduleRequest = scheduled(scheduleRequest);
        atLeast("copyMaxConcurrency", copyMaxConcurrency, 1);
        atLeast("copyBatchMaxItems", copyBatchMaxItems, 1);
        atLeast("copyBatchMaxGiB", copyBatchMaxGiB, 1);
        atLeast("runTimeoutHours", runTimeoutHours, 1);
        atLeast("runArtefactsDays", runArtefactsDays, 1);
        atLeast("noncurrentVersionDays", noncurrentVersionDays, 0);
        atLeast("smallFunctionMemoryMb", smallFunctionMemoryMb, 128);
        atLeast("planMemoryMb", planMemoryMb, 128);
        atLeast("copyMemoryMb", copyMemoryMb, 128);
        stimulusReaders = List.copyOf(stimulusReaders);
    }

    /** The request with who starts it: the schedule, unless the request says. */
    private static String scheduled(String request) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(request);
        } catch (JsonProcessingException e) {
            parsed = null;
        }
        if (!(parsed instanceof ObjectNode input)) {
            throw new IllegalArgumentException("context scheduleRequest: must be a JSON object such as " + DEFAULT_REQUEST + ", not " + request);
        }
        if (!input.has("startedBy")) {
            input.put("startedBy", "schedule");
        }
        return input.toString();
    }

    private static void atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException("context " + name + " must be at least " + minimum + ", not " + value);
        }
    }

    /** The state machine's name: one per stack, so a second stack in the account does not collide. */
    public String stateMachineName() {
        return stackName + "-workflow";
    }

    /** The settings from the context of {@code node}, defaults for what is not given. */
    public static StackSettings fromContext(Node node) {
        Function<String, String> context = name -> {
            Object value = node.tryGetContext(name);
            return value == null ? null : value.toString().trim();
        };
        return new StackSettings(
                text(context, "stackName", DEFAULT_STACK_NAME),
                text(context, "mirrorBucketName", ""),
                text(context, "mirrorPrefix", ""),
                text(context, "kmsKeyArn", ""),
                text(context, "stateTableName", ""),
                Arrays.stream(text(context, "stimulusReaders", "").split(",")).map(String::trim).filter(arn -> !arn.isEmpty()).toList(),
                text(context, "scheduleExpression", "cron(0 3 ? * SUN *)"),
                bool(context, "scheduleEnabled", true),
                text(context, "scheduleRequest", DEFAULT_REQUEST),
                text(context, "alertEmail", ""),
                number(context, "runArtefactsDays", 90),
                number(context, "noncurrentVersionDays", 30),
                number(context, "smallFunctionMemoryMb", 512),
                number(context, "planMemoryMb", 1024),
                number(context, "copyMemoryMb", 1024),
                number(context, "copyMaxConcurrency", 10),
                bool(context, "reserveCopyConcurrency", true),
                number(context, "copyBatchMaxItems", 100),
                number(context, "copyBatchMaxGiB", 16),
                number(context, "runTimeoutHours", 12),
                bool(context, "snapStart", true),
                text(context, "sourceBucket", "laion-fmri"),
                text(context, "accessServiceUrl", "https://laion-fmri.hebartlab.com"),
                text(context, "lambdaJar", DEFAULT_LAMBDA_JAR));
    }

    private static String text(Function<String, String> context, String name, String fallback) {
        String value = context.apply(name);
        return value == null ? fallback : value;
    }

    private static boolean bool(Function<String, String> context, String name, boolean fallback) {
        String value = context.apply(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("context " + name + " must be true or false, not \"" + value + "\"");
        }
        return Boolean.parseBoolean(value);
    }

    private static int number(Function<String, String> context, String name, int fallback) {
        String value = context.apply(name);
        try {
            return value == null || value.isEmpty() ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context " + name + " must be a whole number, not \"" + value + "\"");
        }
    }
}
