package org.laionfmri.mirror.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.laionfmri.mirror.error.LicenseNotAccepted;
import org.laionfmri.mirror.error.MirrorBusy;
import org.laionfmri.mirror.licence.Cc0Licence;

/**
 * What every {@link MirrorState} backend does, after rclone's fstests: a backend's test extends this
 * class and says how a fresh, empty state is made. The DynamoDB backend runs it on dynalite, the native
 * file backend as it is.
 */
public abstract class MirrorStateContract {

    protected static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final int THREADS = 8;

    protected MirrorState state;
    private ExecutorService threads;

    /** A state holding nothing, for one test. */
    protected abstract MirrorState freshState();

    @BeforeEach
    void fresh() {
        state = freshState();
        threads = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void theLicenceGateFailsUntilAcceptedAndTheFirstAcceptanceStands() {
        Cc0Licence licence = new Cc0Licence(state, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(licence::requireAccepted)
                .isInstanceOf(LicenseNotAccepted.class)
                .hasMessageContaining("laion-mirror accept-license");

        LicenceAcceptance first = licence.accept("arn:aws:iam::123456789012:user/it", "Ada Lovelace");
        LicenceAcceptance second = new Cc0Licence(state, Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC)).accept("someone-else", "Eve");

        assertThat(first).isEqualTo(new LicenceAcceptance("arn:aws:iam::123456789012:user/it", "Ada Lovelace", NOW, Cc0Licence.textSha256()));
        assertThat(second).isEqualTo(first);
        assertThat(licence.requireAccepted()).isEqualTo(first);
        assertThat(state.licence()).contains(first);
        assertThat(Cc0Licence.text()).contains("CC0 1.0").contains("NOT covered by CC0");
    }

    @Test
    void storesReplacesAndForgetsTheStimulusAccess() {
        assertThat(state.access()).isEmpty();

        state.saveAccess(new StimulusAccess("lfm_first", "a@example.org", "v1", NOW));
        state.saveAccess(new StimulusAccess("lfm_second", "b@example.org", "v2", NOW.plusSeconds(1)));

        assertThat(state.access()).contains(new StimulusAccess("lfm_second", "b@example.org", "v2", NOW.plusSeconds(1)));
        assertThat(state.access().orElseThrow().toString()).doesNotContain("lfm_");
        state.forgetAccess();
        assertThat(state.access()).isEmpty();
        state.forgetAccess();
        assertThat(state.access()).isEmpty();
    }

    @Test
    void aRunIsStartedOnceAndFinishedOnce() {
        state.startRun(RunRecord.started("run-1", "{\"subjects\":\"all\"}", "ada", NOW));
        state.startRun(RunRecord.started("run-1", "{\"subjects\":\"changed\"}", "bob", NOW.plusSeconds(5)));

        assertThat(state.run("run-1")).contains(RunRecord.started("run-1", "{\"subjects\":\"all\"}", "ada", NOW));

        boolean finished = state.finishRun("run-1", RunStatus.SUCCEEDED, NOW.plusSeconds(60),
                Map.of("copied", 3L, "bytesCopied", 300L), "_mirror/runs/run-1/report.json", null);
        boolean refinished = state.finishRun("run-1", RunStatus.FAILED, NOW.plusSeconds(90), Map.of(), null, "IntegrityError");

        assertThat(finished).isTrue();
        assertThat(refinished).isFalse();
        assertThat(state.run("run-1")).contains(new RunRecord("run-1", "{\"subjects\":\"all\"}", "ada", RunStatus.SUCCEEDED, NOW,
                NOW.plusSeconds(60), Map.of("copied", 3L, "bytesCopied", 300L), "_mirror/runs/run-1/report.json", null, RunRecord.Progress.NONE));
        assertThat(state.run("run-2")).isEmpty();
    }

    @Test
    void aRunWithoutStarterOrReportIsKeptSo() {
        state.startRun(RunRecord.started("scheduled", "{}", null, NOW));
        state.finishRun("scheduled", RunStatus.FAILED, NOW.plusSeconds(9), Map.of(), null, "IntegrityError");

        assertThat(state.run("scheduled")).contains(new RunRecord("scheduled", "{}", null, RunStatus.FAILED, NOW, NOW.plusSeconds(9), Map.of(),
                null, "IntegrityError", RunRecord.Progress.NONE));
    }

    @Test
    void aRunThatEndedWithoutItsReportIsFinishedOnceKeepingItsProgress() {
        state.startRun(RunRecord.started("timed-out", "{\"subjects\":\"all\"}", "schedule", NOW));
        state.recordPlan("timed-out", 10, 1000);
        state.addProgress("timed-out", 4, 400);

        boolean ended = state.endUnreported(RunRecord.started("timed-out", "{}", null, NOW.plusSeconds(1)), RunStatus.TIMED_OUT,
                NOW.plusSeconds(60), "States.Timeout");
        boolean again = state.endUnreported(RunRecord.started("timed-out", "{}", null, NOW.plusSeconds(1)), RunStatus.ABORTED,
                NOW.plusSeconds(90), "Stopped");

        assertThat(ended).isTrue();
        assertThat(again).isFalse();
        assertThat(state.run("timed-out")).contains(new RunRecord("timed-out", "{\"subjects\":\"all\"}", "schedule", RunStatus.TIMED_OUT, NOW,
                NOW.plusSeconds(60), Map.of(), null, "States.Timeout", new RunRecord.Progress(10, 1000, 4, 400)));
    }

    @Test
    void aRunThatEndedBeforeAnyStepRecordedItIsRecordedFromItsExecution() {
        boolean ended = state.endUnreported(RunRecord.started("early", "{\"subjects\":\"01\"}", "ada", NOW), RunStatus.ABORTED,
                NOW.plusSeconds(5), "Stopped");

        assertThat(ended).isTrue();
        assertThat(state.run("early")).contains(new RunRecord("early", "{\"subjects\":\"01\"}", "ada", RunStatus.ABORTED, NOW,
                NOW.plusSeconds(5), Map.of(), null, "Stopped", RunRecord.Progress.NONE));
    }

    @Test
    void aReportedRunIsNotEndedAgain() {
        state.startRun(RunRecord.started("reported", "{}", null, NOW));
        state.finishRun("reported", RunStatus.SUCCEEDED, NOW.plusSeconds(9), Map.of("copied", 1L), "_mirror/runs/reported/report.json", null);

        assertThat(state.endUnreported(RunRecord.started("reported", "{}", null, NOW), RunStatus.FAILED, NOW.plusSeconds(20), "States.Runtime"))
                .isFalse();
        assertThat(state.run("reported").map(RunRecord::status)).contains(RunStatus.SUCCEEDED);
    }

    @Test
    void anUnknownRunIsNeitherFinishedNorMade() {
        assertThat(state.finishRun("ghost", RunStatus.SUCCEEDED, NOW, Map.of(), null, null)).isFalse();

        assertThat(state.run("ghost")).isEmpty();
        assertThat(state.runs()).isEmpty();
    }

    @Test
    void recordsThePlanAndAddsUpTheProgressOfARun() {
        state.startRun(RunRecord.started("run-1", "{}", "ada", NOW));

        state.recordPlan("run-1", 10, 1_000);
        state.addProgress("run-1", 2, 200);
        state.addProgress("run-1", 3, 350);

        assertThat(state.run("run-1").orElseThrow().progress()).isEqualTo(new RunRecord.Progress(10, 1_000, 5, 550));
        assertThat(state.run("run-1").orElseThrow().progress().planned()).isTrue();
    }

    @Test
    void thePlanAndProgressOfAnUnknownRunAreIgnored() {
        state.recordPlan("ghost", 10, 1_000);
        state.addProgress("ghost", 2, 200);

        assertThat(state.run("ghost")).isEmpty();
        assertThat(state.runs()).isEmpty();
    }

    @Test
    void progressStaysWithAFinishedRun() {
        state.startRun(RunRecord.started("run-1", "{}", "ada", NOW));
        state.recordPlan("run-1", 4, 40);
        state.addProgress("run-1", 4, 40);
        state.finishRun("run-1", RunStatus.SUCCEEDED, NOW.plusSeconds(1), Map.of("copied", 4L), null, null);

        assertThat(state.run("run-1").orElseThrow().progress()).isEqualTo(new RunRecord.Progress(4, 40, 4, 40));
    }

    @Test
    void theLeaseIsGrantedWhenFreeAndRefusedNamingItsHolder() {
        assertThat(state.lease()).isEmpty();

        state.acquireLease("run-1", NOW, NOW.plusSeconds(3600));

        assertThat(state.lease()).contains(new Lease("run-1", NOW.plusSeconds(3600)));
        assertThatThrownBy(() -> state.acquireLease("run-2", NOW.plusSeconds(60), NOW.plusSeconds(7200)))
                .isInstanceOf(MirrorBusy.class)
                .hasMessage(MirrorState.busy(new Lease("run-1", NOW.plusSeconds(3600))))
                .hasMessageContaining("run-1");
        assertThat(state.lease()).contains(new Lease("run-1", NOW.plusSeconds(3600)));
    }

    @Test
    void theHolderReacquiresItsLease() {
        state.acquireLease("run-1", NOW, NOW.plusSeconds(3600));

        state.acquireLease("run-1", NOW.plusSeconds(60), NOW.plusSeconds(7200));

        assertThat(state.lease()).contains(new Lease("run-1", NOW.plusSeconds(7200)));
    }

    @Test
    void anExpiredLeaseIsTakenOver() {
        state.acquireLease("run-1", NOW, NOW.plusSeconds(60));

        state.acquireLease("run-2", NOW.plusSeconds(61), NOW.plusSeconds(3600));

        assertThat(state.lease()).contains(new Lease("run-2", NOW.plusSeconds(3600)));
        assertThatThrownBy(() -> state.acquireLease("run-1", NOW.plusSeconds(62), NOW.plusSeconds(120))).isInstanceOf(MirrorBusy.class);
    }

    @Test
    void onlyTheHolderReleasesTheLease() {
        state.acquireLease("run-1", NOW, NOW.plusSeconds(3600));

        state.releaseLease("run-2");
        assertThat(state.lease()).contains(new Lease("run-1", NOW.plusSeconds(3600)));

        state.releaseLease("run-1");
        assertThat(state.lease()).isEmpty();
        state.acquireLease("run-2", NOW.plusSeconds(1), NOW.plusSeconds(60));
        assertThat(state.lease()).contains(new Lease("run-2", NOW.plusSeconds(60)));
    }

    @Test
    void listsEveryRun() {
        state.startRun(RunRecord.started("2026-11-25T08-00-00Z-b", "{}", null, NOW));
        state.startRun(RunRecord.started("2026-11-24T08-00-00Z-a", "{}", "ada", NOW.minusSeconds(86_400)));
        state.finishRun("2026-11-24T08-00-00Z-a", RunStatus.SUCCEEDED, NOW.minusSeconds(86_000), Map.of("copied", 1L), null, null);

        assertThat(state.runs()).extracting(RunRecord::runId).containsExactlyInAnyOrder("2026-11-24T08-00-00Z-a", "2026-11-25T08-00-00Z-b");
        assertThat(state.runs()).filteredOn(run -> run.runId().endsWith("-a")).extracting(RunRecord::status).containsExactly(RunStatus.SUCCEEDED);
    }

    @Test
    void progressAddedFromManyThreadsAddsUp() throws Exception {
        state.startRun(RunRecord.started("run-1", "{}", "ada", NOW));
        int perThread = 25;

        race(thread -> {
            for (int i = 0; i < perThread; i++) {
                state.addProgress("run-1", 1, 1_000 + thread);
            }
            return null;
        });

        long bytes = IntStream.range(0, THREADS).mapToLong(thread -> (long) perThread * (1_000 + thread)).sum();
        assertThat(state.run("run-1").orElseThrow().progress()).isEqualTo(new RunRecord.Progress(-1, -1, THREADS * perThread, bytes));
    }

    @Test
    void ofRacingAcceptancesOneStands() throws Exception {
        List<LicenceAcceptance> stood = race(thread -> state.acceptLicence(
                new LicenceAcceptance("user-" + thread, "Person " + thread, NOW.plusSeconds(thread), Cc0Licence.textSha256())));

        assertThat(stood).hasSize(THREADS).containsOnly(stood.get(0));
        assertThat(state.licence()).contains(stood.get(0));
    }

    @Test
    void ofRacingLeasesOneIsGranted() throws Exception {
        List<String> outcomes = race(thread -> {
            try {
                state.acquireLease("run-" + thread, NOW, NOW.plusSeconds(3600));
                return "granted run-" + thread;
            } catch (MirrorBusy busy) {
                return "busy";
            }
        });

        assertThat(outcomes).filteredOn(outcome -> outcome.startsWith("granted")).hasSize(1);
        assertThat(state.lease().map(Lease::runId)).contains(outcomes.stream().filter(o -> o.startsWith("granted")).findFirst().orElseThrow()
                .substring("granted ".length()));
    }

    @Test
    void ofRacingStartsOfOneRunTheFirstStands() throws Exception {
        List<RunRecord> tried = race(thread -> {
            RunRecord run = RunRecord.started("run-1", "{\"try\":" + thread + "}", "user-" + thread, NOW.plusSeconds(thread));
            state.startRun(run);
            return run;
        });

        assertThat(state.runs()).hasSize(1);
        assertThat(tried).contains(state.run("run-1").orElseThrow());
    }

    /** Runs {@code work} on every thread at once (each given its number), and returns what each returned. */
    private <T> List<T> race(ThreadWork<T> work) throws InterruptedException, ExecutionException {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            int number = thread;
            Callable<T> task = () -> {
                start.await();
                return work.run(number);
            };
            futures.add(threads.submit(task));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    @FunctionalInterface
    private interface ThreadWork<T> {
        T run(int thread) throws Exception;
    }
}
