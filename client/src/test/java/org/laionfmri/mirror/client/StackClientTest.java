package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.engine.ExecutionInfo;
import org.laionfmri.mirror.engine.ExecutionStatus;
import org.laionfmri.mirror.state.LicenceAcceptance;
import org.laionfmri.mirror.state.StimulusAccess;

/**
 * The client against a deployed stack, from an accepted licence to a history of runs, through the same
 * SDK clients as against AWS (see {@link EmbeddedStackDeployment}). One deployment, in the order lab IT
 * would go.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SESSION_04 = {"--subject", "01", "--ses", "04"};
    private static final String ROI = "derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-FFA-1_mask.label";

    @TempDir
    static Path workspace;
    private static EmbeddedStackDeployment stack;

    @BeforeAll
    static void deploy() throws Exception {
        stack = new EmbeddedStackDeployment(workspace);
    }

    @AfterAll
    static void destroy() {
        stack.close();
    }

    @Test
    @Order(1)
    void aStackThatIsNotThereIsOneLineNamingItsRegionAndTheDeploy() {
        CommandRun run = CommandRun.of("status", "--stack", "NoSuchMirror");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("laion-mirror: StackNotFound: No stack named NoSuchMirror in us-east-1. Deploy it (cd infra && npx cdk"
                + " deploy), or name yours with --stack NAME and --region REGION.\n");
    }

    @Test
    @Order(1)
    void withoutCredentialsTheMessageSaysWhereItLookedAndNamesProfile() {
        String key = System.clearProperty("aws.accessKeyId");
        String secret = System.clearProperty("aws.secretAccessKey");
        try {
            CommandRun run = CommandRun.of("runs", "--profile", "no-such-profile");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("laion-mirror: NoCredentials: No AWS credentials were found (looked in the environment, the Java"
                    + " system properties, the profile no-such-profile of ~/.aws/config").endsWith("or name a profile with --profile.\n")
                    .hasLineCount(1);
        } finally {
            System.clearProperty("aws.profile");
            System.setProperty("aws.accessKeyId", key);
            System.setProperty("aws.secretAccessKey", secret);
        }
    }

    @Test
    @Order(2)
    void badInputStartsNothing() {
        CommandRun run = CommandRun.of("sync", "--subject", "01", "--ses", "a/b");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("laion-mirror: InvalidRequest: --ses: \"a/b\" is not a plain token (no \"/\", \"..\", whitespace or control characters)\n");
        assertThat(stack.workflow.engine().listExecutions(stack.workflow.stateMachineArn(), java.util.Optional.empty())).isEmpty();
        assertThat(stack.harness.table().runs()).isEmpty();
    }

    @Test
    @Order(3)
    void aRunFailsWithoutTheLicenceThenSucceedsOnceItIsAccepted() throws Exception {
        CommandRun refused = CommandRun.of(args("sync", "--json"));

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(refused.out()).path("error").asText()).isEqualTo("LicenseNotAccepted");
        assertThat(refused.err()).contains("Accept it for this mirror: laion-mirror accept-license\n");

        CommandRun accepted = CommandRun.withInput("I AGREE\n", "accept-license", "--name", "Ada Lovelace");

        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
        assertThat(accepted.err()).contains("The CC0 licence is accepted for the stack LaionFmriMirror in us-east-1 (by Ada Lovelace, "
                + AwsQueryStub.CALLER);
        assertThat(stack.harness.table().licence()).map(LicenceAcceptance::acceptedBy).contains(AwsQueryStub.CALLER);

        CommandRun run = CommandRun.of(args("sync", "--json"));
        JsonNode view = JSON.readTree(run.out());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(view.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(view.path("copied").asLong()).isEqualTo(93);
        assertThat(view.path("startedBy").asText()).isEqualTo(AwsQueryStub.CALLER);
        assertThat(view.path("report").asText()).isEqualTo("s3://mirror/_mirror/runs/" + view.path("runId").asText() + "/report.json");
        assertThat(view.has("stateTransitions")).as("Step Functions has no API that counts them").isFalse();
        List<String> phases = new ArrayList<>();
        view.path("phases").fieldNames().forEachRemaining(phases::add);
        assertThat(phases).as("the states in the order entered, from the execution's history").startsWith("Start", "Validate", "LicenceGate", "Plan")
                .contains("Work", "Report");
        assertThat(view.path("phases").path("Plan").asDouble()).isPositive();
        assertThat(view.path("phases").toString()).doesNotContain("lfm_");
        assertThat(stack.harness.readMirror(ROI)).isEqualTo(stack.harness.readSource(ROI));
        assertThat(run.err()).contains("Run " + view.path("runId").asText() + " started on the stack LaionFmriMirror in us-east-1")
                .contains("SUCCEEDED: 93 copied");
    }

    @Test
    @Order(4)
    void loginAndRequestAccessStoreTheRequestIdAndNeverShowIt() {
        CommandRun login = CommandRun.withInput("lfm_typed_by_hand_0001\n", "login", "--email", "ada@example.org");

        assertThat(login.exitCode()).isZero();
        assertThat(stack.harness.table().access()).map(StimulusAccess::requestId).contains("lfm_typed_by_hand_0001");

        CommandRun request = CommandRun.of("request-access", "--access-service", stack.accessService.baseUri().toString(), "--name", "Ada Lovelace",
                "--email", "ada@uni.example.org", "--institution", "Example University", "--purpose", "encoding models", "--accept-terms");
        String granted = stack.harness.table().access().orElseThrow().requestId();

        assertThat(request.exitCode()).as(request.err()).isZero();
        assertThat(stack.accessService.calls("request")).isEqualTo(1);
        assertThat(granted).startsWith("lfm_").isNotEqualTo("lfm_typed_by_hand_0001");
        assertThat(request.err() + request.out() + login.err() + login.out()).doesNotContain(granted).doesNotContain("lfm_typed_by_hand_0001")
                .contains("Stimulus access is granted until 2030-01-01T00:00:00Z and stored for the stack LaionFmriMirror");
    }

    @Test
    @Order(5)
    void aRunStartedWithoutWaitingIsFollowedWithStatusAndListedWithRuns() throws Exception {
        CommandRun started = CommandRun.of(args("sync", "--no-wait", "--include-stimuli"));
        String runId = started.out().strip();

        assertThat(started.exitCode()).as(started.err()).isZero();
        assertThat(started.err()).contains("Follow it: laion-mirror status " + runId);
        JsonNode view = awaitEnd(runId);
        assertThat(view.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(view.path("skipped").asLong()).isEqualTo(93);
        assertThat(view.path("stimuliDownloaded").asLong()).isEqualTo(2);

        CommandRun status = CommandRun.of("status");
        CommandRun runs = CommandRun.of("runs");

        assertThat(status.out()).startsWith("Run " + runId + " SUCCEEDED: 0 copied").contains("by " + AwsQueryStub.CALLER)
                .doesNotContain("null").hasLineCount(2);
        assertThat(runs.out().lines()).hasSize(4).first().asString().startsWith("RUN ");
        assertThat(runs.out().lines().skip(1)).allMatch(line -> line.contains(AwsQueryStub.CALLER));
        assertThat(runs.out().lines().skip(1).findFirst().orElseThrow()).startsWith(runId).contains("SUCCEEDED");
        assertThat(CommandRun.of("runs", "--json").out().lines()).hasSize(3).allMatch(line -> line.startsWith("{\"runId\":"));
    }

    @Test
    @Order(6)
    void aRunningRunIsStoppedAndRecordedAsAborted() throws Exception {
        String held = "derivatives/glmsingle-tedana/sub-01/ses-05/func/sub-01_ses-05_task-images_desc-SingletrialBetas_trials.tsv";
        CountDownLatch release = stack.harness.faults().hold(held);
        try {
            String runId = CommandRun.of("sync", "--no-wait", "--subject", "01", "--ses", "05").out().strip();
            awaitCopying(runId);

            CommandRun stop = CommandRun.of("stop", runId, "--json");

            assertThat(stop.exitCode()).as(stop.err()).isZero();
            assertThat(stop.err()).startsWith("Run " + runId + " is stopped");
            assertThat(JSON.readTree(stop.out()).path("runId").asText()).isEqualTo(runId);
            assertThat(JSON.readTree(CommandRun.of("status", runId, "--json").out()).path("status").asText()).isEqualTo("ABORTED");
            assertThat(stack.harness.table().lease()).isEmpty();
            assertThat(CommandRun.of("stop", runId).exitCode()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    @Order(7)
    void aDryRunPrintsThePlanWithWhatItWouldCost() throws Exception {
        CommandRun run = CommandRun.of("sync", "--dry-run", "--json", "--subject", "03", "--ses", "averages");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> plan = run.out().lines().map(StackClientTest::tree).toList();
        assertThat(plan).isNotEmpty().allMatch(item -> item.path("action").asText().equals("copy") && item.path("key").asText().contains("sub-03"));
        assertThat(run.err()).contains("(dry run): " + plan.size() + " to copy").contains("Estimated cost: ")
                .contains("us-west-2 to us-east-1, between regions").contains("a month");
        assertThat(stack.harness.mirrorObjectKeys()).noneMatch(key -> key.startsWith("derivatives/") && key.contains("sub-03"));
        // the mirror's LISTs are the owner's to pay; the public source's are anonymous, billed to the dataset
        JsonNode dryRun = JSON.readTree(CommandRun.of("status", "--json").out());
        long sourceLists = dryRun.path("sourceS3Requests").path("ListObjectsV2").asLong();
        assertThat(sourceLists).isPositive();
        assertThat(run.err()).contains(plan.size() + " COPY, multipart parts included, and "
                + (dryRun.path("s3Requests").path("ListObjectsV2").asLong() - sourceLists) + " LIST of the mirror");
        assertThat(CommandRun.of("runs", "--limit", "1").out().lines().skip(1).findFirst().orElseThrow()).contains("SUCCEEDED (dry run)");
    }

    @Test
    @Order(8)
    void ctrlCDetachesFromARunThatGoesOnInTheStack() throws Exception {
        String held = "derivatives/glmsingle-tedana/sub-01/ses-06/func/sub-01_ses-06_task-images_desc-SingletrialBetas_trials.tsv";
        CountDownLatch release = stack.harness.faults().hold(held);
        String runId;
        try (CommandProcess sync = CommandProcess.start(workspace, stack.clientSettings(), "sync", "--subject", "01", "--ses", "06")) {
            assertThat(sync.awaitErr("started on the stack", Duration.ofMinutes(1))).as(sync.err()).isTrue();
            runId = sync.err().replaceFirst("(?s).*Run (\\S+) started on the stack.*", "$1");
            awaitCopying(runId);

            sync.signal("INT");

            assertThat(sync.exitCode(Duration.ofSeconds(30))).isEqualTo(130);
            assertThat(sync.err()).contains("laion-mirror: Detached from run " + runId + ", which goes on in the stack LaionFmriMirror in us-east-1."
                    + " Follow it: laion-mirror status " + runId + "; stop it: laion-mirror stop " + runId + "\n");
        } finally {
            release.countDown();
        }
        assertThat(awaitEnd(runId).path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    @Order(9)
    void aRunStoppedFromElsewhereIsSaidStoppedAndByWhom() throws Exception {
        String held = "derivatives/glmsingle-tedana/sub-01/ses-07/func/sub-01_ses-07_task-images_desc-SingletrialBetas_trials.tsv";
        CountDownLatch release = stack.harness.faults().hold(held);
        try (CommandProcess sync = CommandProcess.start(workspace, stack.clientSettings(), "sync", "--subject", "01", "--ses", "07")) {
            assertThat(sync.awaitErr("started on the stack", Duration.ofMinutes(1))).as(sync.err()).isTrue();
            String runId = sync.err().replaceFirst("(?s).*Run (\\S+) started on the stack.*", "$1");
            awaitCopying(runId);

            assertThat(CommandRun.of("stop", runId).exitCode()).isZero();

            assertThat(sync.exitCode(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(sync.err()).endsWith("laion-mirror: Stopped: run " + runId + " was stopped by " + AwsQueryStub.CALLER + "; what it copied"
                    + " stays, the next sync copies the rest.\n").doesNotContain("States.Aborted").doesNotContain("did not succeed");
        } finally {
            release.countDown();
        }
    }

    private static String[] args(String... head) {
        String[] all = new String[head.length + SESSION_04.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(SESSION_04, 0, all, head.length, SESSION_04.length);
        return all;
    }

    private static JsonNode awaitEnd(String runId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            JsonNode view = JSON.readTree(CommandRun.of("status", runId, "--json").out());
            if (!view.path("status").asText().equals("RUNNING")) {
                return view;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + runId + " did not end");
    }

    /** Waits until the run's copy has begun (its map run is under way). */
    private static void awaitCopying(String runId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        String arn = stack.workflow.engine().listExecutions(stack.workflow.stateMachineArn(), java.util.Optional.empty()).stream()
                .map(ExecutionInfo::executionArn).filter(candidate -> candidate.endsWith(":" + runId)).findFirst().orElseThrow();
        while (stack.workflow.engine().listMapRuns(arn).isEmpty() && Instant.now().isBefore(deadline)) {
            assertThat(stack.workflow.engine().describeExecution(arn).status()).isEqualTo(ExecutionStatus.RUNNING);
            Thread.sleep(100);
        }
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
