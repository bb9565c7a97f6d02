package org.laionfmri.mirror.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.engine.Sleeper;
import org.laionfmri.mirror.licence.Cc0Licence;
import org.laionfmri.mirror.run.Execution;
import org.laionfmri.mirror.run.Runs;
import org.laionfmri.mirror.testing.AccessServiceStub;
import org.laionfmri.mirror.testing.MirrorHarness;

/**
 * What every backend of the {@link Runs} port does (rclone's fstests model): runs the mirror's workflow
 * started, described, followed to their end, stopped, and their time accounted by state. Each backend's
 * test gives the port over a workflow on the embedded stack; the port's semantics, not the stores', are
 * under test.
 */
public abstract class RunsContract {

    private static final String SESSION = "{\"subjects\": [\"01\"], \"filters\": {\"ses\": \"04\"}}";
    private static final String HELD_KEY = "derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-FFA-1_mask.label";

    @TempDir
    Path workspace;
    protected MirrorHarness harness;
    private AccessServiceStub accessService;
    protected LocalWorkflow workflow;
    private Runs runs;

    /** The port over {@code workflow}, which the test closes. */
    protected abstract Runs runsOver(LocalWorkflow workflow);

    @BeforeEach
    void start() throws IOException {
        harness = MirrorHarness.start(workspace);
        harness.writeSample();
        accessService = AccessServiceStub.serving(Map.of());
        workflow = new LocalWorkflow(harness.wiring(accessService.baseUri()), Clock.systemUTC(), Sleeper.REAL, 4);
        runs = runsOver(workflow);
    }

    @AfterEach
    void stop() {
        runs.close();
        workflow.close();
        accessService.close();
        harness.close();
    }

    @Test
    void aRunStartedIsDescribedFollowedToItsEndAndItsTimeAccountedByState() throws Exception {
        runs.start("dry-1", "{\"subjects\": [\"01\"], \"dryRun\": true}");

        Execution ended = awaitEnd("dry-1");

        assertThat(ended.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(ended.runId()).isEqualTo("dry-1");
        assertThat(ended.startedAt()).isNotNull();
        assertThat(ended.stoppedAt()).isAfterOrEqualTo(ended.startedAt());
        assertThat(ended.error()).isNull();
        assertThat(runs.phases("dry-1")).hasValueSatisfying(phases -> {
            assertThat(phases.keySet()).containsSubsequence("Validate", "LicenceGate", "Plan", "Report");
            assertThat(phases.values()).allMatch(spent -> !spent.isNegative());
        });
    }

    @Test
    void aRunThatFailsEndsWithItsErrorAndCause() throws Exception {
        runs.start("invalid-1", "{\"subjects\": [\"01\"], \"filters\": {\"ses\": \"../04\"}}");

        Execution ended = awaitEnd("invalid-1");

        assertThat(ended.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(ended.error()).isEqualTo("InvalidRequest");
        assertThat(ended.cause()).contains("filters.ses[0]");
    }

    @Test
    void aRunStoppedWhileItCopiesEndsAbortedWithTheStopsErrorAndCause() throws Exception {
        new Cc0Licence(harness.table(), Clock.systemUTC()).accept("it-admin", "Ada");
        CountDownLatch held = harness.faults().hold(HELD_KEY);
        try {
            runs.start("stopped-1", SESSION);
            awaitCopying("stopped-1");

            runs.stop("stopped-1", "Stopped", "by the operator");

            Execution ended = awaitEnd("stopped-1");
            assertThat(ended.status()).isEqualTo(Execution.Status.ABORTED);
            assertThat(ended.error()).isEqualTo("Stopped");
            assertThat(ended.cause()).isEqualTo("by the operator");
        } finally {
            held.countDown();
        }
    }

    @Test
    void aRunNeverStartedIsUnknown() {
        assertThat(runs.describe("never-started")).isEmpty();
        assertThat(runs.phases("never-started")).isEmpty();
    }

    @Test
    void stoppingARunThatEndedLeavesItAsItEnded() throws Exception {
        runs.start("dry-2", "{\"subjects\": [\"01\"], \"dryRun\": true}");
        awaitEnd("dry-2");

        runs.stop("dry-2", "Stopped", "too late");

        assertThat(runs.describe("dry-2")).map(Execution::status).contains(Execution.Status.SUCCEEDED);
    }

    private Execution awaitEnd(String runId) throws InterruptedException {
        for (int look = 0; look < 600; look++) {
            Execution execution = runs.describe(runId).orElseThrow();
            if (execution.ended()) {
                return execution;
            }
            runs.awaitEnd(runId, Duration.ofMillis(100));
        }
        throw new AssertionError("run " + runId + " did not end within a minute");
    }

    /** Until the run's plan is recorded: its copies are under way (the held one blocks). */
    private void awaitCopying(String runId) throws InterruptedException {
        for (int look = 0; look < 600; look++) {
            if (harness.table().run(runId).map(run -> run.progress().planned()).orElse(false)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " did not plan within a minute");
    }
}
