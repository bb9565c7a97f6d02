package org.laionfmri.mirror.client.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.laionfmri.mirror.run.Execution;
import org.laionfmri.mirror.state.RunRecord;

/** A run as the client shows it, when its item and its execution disagree or one of them is missing. */
class RunViewTest {

    private static final Instant STARTED = Instant.parse("2026-12-06T03:00:00Z");

    @Test
    void aRunWhoseRedriveIsPendingIsStillRunning() {
        RunRecord running = RunRecord.started("run-1", "{}", "schedule", STARTED);

        assertThat(RunView.status(running, Optional.of(execution("run-1", Execution.Status.PENDING_REDRIVE, null, null, "{}")))).isEqualTo("RUNNING");
        assertThat(RunView.status(running, Optional.of(execution("run-1", Execution.Status.TIMED_OUT, null, null, "{}")))).isEqualTo("TIMED_OUT");
        assertThat(Execution.Status.PENDING_REDRIVE.ended()).isFalse();
        assertThat(Execution.Status.ABORTED.ended()).isTrue();
    }

    @Test
    void aRunThatEndedBeforeAnyStepRecordedItIsShownFromItsExecutionAlone() {
        Execution timedOut = execution("run-2", Execution.Status.TIMED_OUT, STARTED.plusSeconds(43200), "States.Timeout",
                "{\"subjects\": \"all\", \"startedBy\": \"schedule\"}");

        JsonNode view = RunView.of(null, Optional.empty(), Optional.of(timedOut)).orElseThrow();

        assertThat(view.path("runId").asText()).isEqualTo("run-2");
        assertThat(view.path("status").asText()).isEqualTo("TIMED_OUT");
        assertThat(view.path("startedBy").asText()).isEqualTo("schedule");
        assertThat(view.path("endedAt").asText()).isEqualTo("2026-12-06T15:00:00Z");
        assertThat(view.path("error").asText()).isEqualTo("States.Timeout");
        assertThat(view.path("request").path("subjects").asText()).isEqualTo("all");
        assertThat(RunView.summary(view)).isEqualTo("Run run-2 TIMED_OUT: 0 copied (0 B), 0 already in the mirror, 0 denied, 0 failed, 0 pending");
        assertThat(RunView.of(null, Optional.empty(), Optional.empty())).isEmpty();
    }

    private static Execution execution(String runId, Execution.Status status, Instant stopped, String error, String input) {
        return new Execution(runId, status, STARTED, stopped, error, null, input);
    }
}
