package org.laionfmri.mirror.client;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.laionfmri.mirror.client.deployment.Deployment;
import org.laionfmri.mirror.run.Execution;
import org.laionfmri.mirror.state.RunRecord;

/**
 * Follows a run until its execution ends, showing progress on stderr once there is a plan: objects and
 * bytes copied of those planned (as the copy batches report them into the run's item), the rate, and
 * the time left. The same calls work against the local engine and against AWS.
 */
final class RunFollower {

    private static final Duration LINE_EVERY = Duration.ofSeconds(5);
    /** How often a local run's progress is read (from the run's item) and shown on a terminal; its end is seen at once. */
    private static final Duration LOCAL_POLL = Duration.ofMillis(250);

    private final Deployment deployment;
    private final RunControl runs;
    private final PrintWriter err;
    private final boolean terminal;
    private final Duration poll;

    RunFollower(Deployment deployment, RunControl runs, PrintWriter err, boolean terminal) {
        this.deployment = deployment;
        this.runs = runs;
        this.err = err;
        this.terminal = terminal;
        this.poll = deployment.inProcess() ? LOCAL_POLL : Duration.ofSeconds(2);
    }

    /** Polls until the run's execution has ended (a pending redrive has not); returns its last description. */
    Execution follow(String runId) throws InterruptedException {
        Instant started = Instant.now();
        Instant lastLine = Instant.EPOCH;
        while (true) {
            Execution execution = runs.execution(runId).orElseThrow(() -> new IllegalStateException("the run " + runId + " was not started"));
            if (execution.ended()) {
                if (terminal && !lastLine.equals(Instant.EPOCH)) {
                    err.print("\r\033[K");
                    err.flush();
                }
                return execution;
            }
            Instant now = Instant.now();
            // once there is a plan, and something to copy
            Optional<RunRecord.Progress> progress = runs.find(runId).map(RunRecord::progress)
                    .filter(planned -> planned.planned() && planned.toCopy() > 0);
            if (progress.isPresent() && (terminal || Duration.between(lastLine, now).compareTo(LINE_EVERY) >= 0)) {
                err.print((terminal ? "\r\033[K" : "") + line(progress.get(), Duration.between(started, now)) + (terminal ? "" : "\n"));
                err.flush();
                lastLine = now;
            }
            deployment.runs().awaitEnd(runId, poll);
        }
    }

    /** {@code [ 42%] 39/93 objects, 1.2 MB of 3.1 MB, 1.5 MB/s, 0:07 left}: the share by bytes when there are any. */
    static String line(RunRecord.Progress progress, Duration elapsed) {
        double share = progress.bytesToCopy() > 0 ? (double) progress.bytesCopied() / progress.bytesToCopy()
                : progress.toCopy() > 0 ? (double) progress.copied() / progress.toCopy() : 1;
        double seconds = Math.max(elapsed.toMillis() / 1000.0, 0.001);
        String left = share <= 0 ? "--:--" : clock(Duration.ofSeconds(Math.round(seconds * (1 - share) / share)));
        return String.format(Locale.ROOT, "[%3.0f%%] %d/%d objects, %s of %s, %s/s, %s left", share * 100, progress.copied(), progress.toCopy(),
                Bytes.human(progress.bytesCopied()), Bytes.human(progress.bytesToCopy()), Bytes.human(Math.round(progress.bytesCopied() / seconds)), left);
    }

    static String clock(Duration duration) {
        return String.format(Locale.ROOT, "%d:%02d", duration.toMinutes(), duration.toSecondsPart());
    }
}
