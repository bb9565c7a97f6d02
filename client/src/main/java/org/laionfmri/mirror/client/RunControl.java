package org.laionfmri.mirror.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.laionfmri.mirror.client.deployment.Deployment;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.request.RequestJson;
import org.laionfmri.mirror.run.Execution;
import org.laionfmri.mirror.run.UnreportedEnd;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;

/**
 * Runs of a mirror through its deployment: started as executions named by their run id, found in the
 * state table (every run has an item there), followed through the Step Functions API, stopped.
 */
final class RunControl {

    /** How a stop says who stopped the run. */
    static final String STOPPED_BY = "Stopped by ";
    /** What Step Functions takes as an execution's name. */
    private static final Pattern RUN_ID = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]{1,80}");
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

    private final Deployment deployment;
    private final Clock clock;

    RunControl(Deployment deployment, Clock clock) {
        this.deployment = deployment;
        this.clock = clock;
    }

    /** Starts a run of {@code request} (validated already), recording who started it; returns the run id. */
    String start(MirrorRequest request) {
        String runId = RUN_TIME.format(clock.instant()) + "-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        String input = new RequestJson(new ObjectMapper()).write(request).toString();
        deployment.runs().start(runId, input);
        return runId;
    }

    /** Who stopped a run, from what its stopper said ({@code cause}: null when nothing): "by ...", or that it was from elsewhere. */
    static String stopper(String cause) {
        if (cause != null && cause.startsWith(STOPPED_BY)) {
            return "by " + Messages.firstLine(cause.substring(STOPPED_BY.length()));
        }
        return "from outside this command" + (cause == null || cause.isBlank() ? " (by a stopper that did not say who: the console, the AWS CLI)"
                : " (" + Messages.firstLine(cause) + ")");
    }

    /** Requires {@code runId} to be a run's id as Step Functions can name one: 1 to 80 characters, none blank, special or a control. */
    static void requireRunId(String runId) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new InvalidRequest("RUN", runId.isEmpty() ? "must not be empty: name a run as laion-mirror runs lists it"
                    : Messages.quoted(runId) + " is not a run id (a run is named as laion-mirror runs lists it)");
        }
    }

    Optional<RunRecord> find(String runId) {
        return deployment.state().run(runId);
    }

    /** The run as the client shows it: from its item, else from its execution alone; empty when it has neither. */
    Optional<ObjectNode> view(String runId) {
        return RunView.of(deployment, find(runId), execution(runId));
    }

    /** The runs, most recently started first. */
    List<RunRecord> recent(int limit) {
        return deployment.state().runs().stream().sorted(Comparator.comparing(RunRecord::startedAt).reversed()).limit(limit).toList();
    }

    /** The run's execution; empty when the engine knows none (a local run of an earlier command, one Step Functions expired). */
    Optional<Execution> execution(String runId) {
        return deployment.runs().describe(runId);
    }

    /**
     * Stops a running run: its execution is stopped (saying why: {@code Stopped by <caller>}, or {@code
     * Interrupted}), its item recorded as aborted (what it copied stays in its progress), and the mirror
     * given back. Returns false when the run was not running.
     */
    boolean stop(String runId, String reason) {
        Optional<Execution> execution = execution(runId);
        boolean running = execution.map(described -> !described.ended()).orElse(false);
        if (running) {
            deployment.runs().stop(runId, "Stopped", reason);
        }
        Optional<RunRecord> record = find(runId);
        boolean recorded = (record.isPresent() || execution.isPresent()) && new UnreportedEnd(deployment.state(), new ObjectMapper()).record(runId,
                RunStatus.ABORTED, record.map(RunRecord::startedAt).orElseGet(() -> execution.orElseThrow().startedAt()), clock.instant(), "Stopped",
                record.map(RunRecord::requestJson).orElseGet(() -> execution.orElseThrow().input()));
        return running || recorded;
    }
}
