package org.laionfmri.mirror.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;

/**
 * Follows a run through the Step Functions API until it ends, showing progress on stderr: objects
 * copied of those planned, bytes (estimated from the share of objects), rate and time left. The same
 * calls work against the local engine's API and against AWS.
 */
final class RunWatcher {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration LINE_EVERY = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SfnClient sfn;
    private final PrintWriter err;
    private final boolean terminal;

    RunWatcher(SfnClient sfn, PrintWriter err, boolean terminal) {
        this.sfn = sfn;
        this.err = err;
        this.terminal = terminal;
    }

    /** Polls until the execution is no longer running; returns its last description. */
    DescribeExecutionResponse await(String executionArn) throws InterruptedException {
        Instant started = Instant.now();
        Instant lastLine = Instant.EPOCH;
        JsonNode plan = null;
        while (true) {
            DescribeExecutionResponse execution = sfn.describeExecution(describe -> describe.executionArn(executionArn));
            if (plan == null) {
                plan = planOutput(executionArn);
            }
            if (execution.status() != ExecutionStatus.RUNNING) {
                if (terminal) {
                    err.print("\r\033[K");
                    err.flush();
                }
                return execution;
            }
            Instant now = Instant.now();
            if (plan != null && (terminal || Duration.between(lastLine, now).compareTo(LINE_EVERY) >= 0)) {
                err.print(progress(executionArn, plan, Duration.between(started, now)) + (terminal ? "" : "\n"));
                err.flush();
                lastLine = now;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The Plan step's output, once it has one. */
    private JsonNode planOutput(String executionArn) {
        for (HistoryEvent event : sfn.getExecutionHistoryPaginator(history -> history.executionArn(executionArn)).events()) {
            if (event.type() == HistoryEventType.TASK_STATE_EXITED && event.stateExitedEventDetails().name().equals("Plan")) {
                try {
                    return JSON.readTree(event.stateExitedEventDetails().output()).path("plan").path("Payload");
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private String progress(String executionArn, JsonNode plan, Duration elapsed) {
        long total = plan.path("toCopy").asLong();
        long bytesTotal = plan.path("bytesToCopy").asLong();
        long done = 0;
        for (MapRunListItem mapRun : sfn.listMapRuns(list -> list.executionArn(executionArn)).mapRuns()) {
            DescribeMapRunResponse described = sfn.describeMapRun(describe -> describe.mapRunArn(mapRun.mapRunArn()));
            done += described.itemCounts().succeeded() + described.itemCounts().failed();
        }
        double share = total == 0 ? 1 : (double) done / total;
        double seconds = Math.max(elapsed.toMillis() / 1000.0, 0.001);
        String eta = done == 0 ? "--:--" : clock(Duration.ofSeconds(Math.round(seconds * (total - done) / done)));
        return String.format(Locale.ROOT, "%s[%3.0f%%] %d/%d objects, ~%s of %s, %.1f objects/s, ETA %s",
                terminal ? "\r\033[K" : "", share * 100, done, total, Bytes.human(Math.round(bytesTotal * share)), Bytes.human(bytesTotal),
                done / seconds, eta);
    }

    private static String clock(Duration duration) {
        return String.format(Locale.ROOT, "%d:%02d", duration.toMinutes(), duration.toSecondsPart());
    }
}
