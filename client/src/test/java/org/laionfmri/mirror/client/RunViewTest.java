package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.laionfmri.mirror.state.RunRecord;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** A run as the client shows it, when its item and its execution disagree or one of them is missing. */
class RunViewTest {

    private static final Instant STARTED = Instant.parse("2026-12-06T03:00:00Z");

    @Test
    void aRunWhoseRedriveIsPendingIsStillRunning() {
        RunRecord running = RunRecord.started("run-1", "{}", "schedule", STARTED);

        assertThat(RunView.status(running, Optional.of(execution("run-1", ExecutionStatus.PENDING_REDRIVE)))).isEqualTo("RUNNING");
        assertThat(RunView.status(running, Optional.of(execution("run-1", ExecutionStatus.TIMED_OUT)))).isEqualTo("TIMED_OUT");
        assertThat(RunView.ended(ExecutionStatus.PENDING_REDRIVE)).isFalse();
        assertThat(RunView.ended(ExecutionStatus.ABORTED)).isTrue();
    }

    @Test
    void aRunThatEndedBeforeAnyStepRecordedItIsShownFromItsExecutionAlone() {
        DescribeExecutionResponse timedOut = execution("run-2", ExecutionStatus.TIMED_OUT).toBuilder().stopDate(STARTED.plusSeconds(43200))
                .input("{\"subjects\": \"all\", \"startedBy\": \"schedule\"}").error("States.Timeout").build();

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

    private static DescribeExecutionResponse execution(String runId, ExecutionStatus status) {
        return DescribeExecutionResponse.builder().executionArn("arn:aws:states:us-west-2:123456789012:execution:LaionFmriMirror-workflow:" + runId)
                .name(runId).status(status).startDate(STARTED).input("{}").build();
    }
}
