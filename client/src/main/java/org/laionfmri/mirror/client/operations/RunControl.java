package org.laionfmri.mirror.client.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.laionfmri.mirror.client.deployment.Deployment;
import org.laionfmri.mirror.client.output.CostEstimate;
import org.laionfmri.mirror.client.output.RunView;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.plan.Action;
import org.laionfmri.mirror.plan.PlanItem;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.request.RequestJson;
import org.laionfmri.mirror.run.Execution;
import org.laionfmri.mirror.run.RunLayout;
import org.laionfmri.mirror.run.UnreportedEnd;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import software.amazon.awssdk.regions.Region;

/**
 * The runs of one mirror, through its deployment (open while this is): started as executions named by
 * their run id, followed, found in the state table (every run has an item there), listed and stopped.
 * The operations of {@code sync}, {@code status}, {@code runs} and {@code stop}.
 */
public final class RunControl implements AutoCloseable {

    /** How a stop says who stopped the run. */
    public static final String STOPPED_BY = "Stopped by ";
    /** What Step Functions takes as an execution's name. */
    private static final Pattern RUN_ID = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]{1,80}");
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a stop found. */
    public enum Stopped { STOPPED, NOT_RUNNING, NO_SUCH_RUN }

    private final Deployment deployment;
    private final Clock clock;

    private RunControl(Deployment deployment, Clock clock) {
        this.deployment = deployment;
        this.clock = clock;
    }

    /**
     * The runs of {@code target} to start {@code request} there, copying from {@code source}: a local mirror
     * is made if it is not yet, once the subjects asked for are known to be in the source (else nothing is made).
     */
    public static RunControl toStart(MirrorTarget target, Store source, MirrorRequest request) {
        if (target instanceof MirrorTarget.Local) {
            SubjectPreflight.requireKnown(source, request);
        }
        return new RunControl(target.open(source, true), Clock.systemUTC());
    }

    /** The runs of {@code target}, which must exist, to stop one. */
    public static RunControl toStop(MirrorTarget target) {
        return new RunControl(target.open(MirrorTarget.PUBLIC_SOURCE, false), Clock.systemUTC());
    }

    /** The runs of {@code target} to read, even while another command runs on a local mirror. */
    public static RunControl toRead(MirrorTarget target) {
        return new RunControl(target.read(), Clock.systemUTC());
    }

    /** Requires {@code runId} to be a run's id as Step Functions can name one: 1 to 80 characters, none blank, special or a control. */
    public static void requireRunId(String runId) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new InvalidRequest("RUN", runId.isEmpty() ? "must not be empty: name a run as laion-mirror runs lists it"
                    : Messages.quoted(runId) + " is not a run id (a run is named as laion-mirror runs lists it)");
        }
    }

    /** Who stopped a run, from what its stopper said ({@code cause}: null when nothing): "by ...", or that it was from elsewhere. */
    public static String stopper(String cause) {
        if (cause != null && cause.startsWith(STOPPED_BY)) {
            return "by " + Messages.firstLine(cause.substring(STOPPED_BY.length()));
        }
        return "from outside this command" + (cause == null || cause.isBlank() ? " (by a stopper that did not say who: the console, the AWS CLI)"
                : " (" + Messages.firstLine(cause) + ")");
    }

    /** The mirror as people name it: "the stack LaionFmriMirror in eu-west-1", "the mirror /data/laion". */
    public String mirror() {
        return deployment.describe();
    }

    /** Whether a run lives in this process (the local engine) rather than in AWS. */
    public boolean inProcess() {
        return deployment.inProcess();
    }

    /** The AWS region the mirror is in; empty when it is not in AWS. */
    public Optional<Region> awsRegion() {
        return deployment.awsRegion();
    }

    /** Starts a run of {@code request} (validated already); returns the run id. */
    public String start(MirrorRequest request) {
        String runId = RUN_TIME.format(clock.instant()) + "-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        // who started it is known once the deployment is open: it joins the request where it becomes the execution's input
        ObjectNode input = new RequestJson(JSON).write(request).put("startedBy", deployment.caller());
        deployment.runs().start(runId, input.toString());
        return runId;
    }

    /** Follows the run to the end of its execution, telling {@code progress}; returns the run as it ended, where its time went included. */
    public ObjectNode follow(String runId, ProgressListener progress) throws InterruptedException {
        Execution ended = new RunFollower(deployment, this, progress).follow(runId);
        return withPhases(runId, RunView.of(deployment, find(runId), Optional.of(ended)).orElseThrow());
    }

    /** The run as the client shows it: from its item, else from its execution alone; empty when it has neither. */
    public Optional<ObjectNode> view(String runId) {
        return RunView.of(deployment, find(runId), execution(runId));
    }

    /** The run as {@link #view} shows it, with where its time went. */
    public Optional<ObjectNode> viewWithPhases(String runId) {
        return view(runId).map(view -> withPhases(runId, view));
    }

    private ObjectNode withPhases(String runId, ObjectNode view) {
        RunView.phases(deployment, runId).ifPresent(phases -> view.set("phases", phases));
        return view;
    }

    /** The run started last; empty when none was. */
    public Optional<String> latest() {
        return recentRecords(1).stream().findFirst().map(RunRecord::runId);
    }

    /** The runs, most recently started first, as the client shows them. */
    public List<ObjectNode> recent(int limit) {
        return recentRecords(limit).stream().map(record -> RunView.of(deployment, record, execution(record.runId()))).toList();
    }

    /** Stops a running run as the person acting; what it copied stays. */
    public Stopped stop(String runId) {
        if (find(runId).isEmpty() && execution(runId).isEmpty()) {
            return Stopped.NO_SUCH_RUN;
        }
        return stop(runId, STOPPED_BY + deployment.caller()) ? Stopped.STOPPED : Stopped.NOT_RUNNING;
    }

    /** Stops a run of this process that this process is being interrupted out of: it would die with it. */
    public void stopInterrupted(String runId) {
        stop(runId, "Interrupted");
    }

    /** Gives each copy of the run's plan object to {@code each}, in the plan's order; returns them all counted. */
    public CostEstimate.Copies planned(String runId, Consumer<PlanItem> each) throws IOException {
        CostEstimate.Copies copies = new CostEstimate.Copies();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(deployment.mirror().read(new RunLayout(runId).planKey()),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                for (JsonNode item : JSON.readTree(line).path("items")) {
                    copies.add(item.path("size").asLong());
                    each.accept(new PlanItem(item.path("key").asText(), item.path("size").asLong(), Action.COPY));
                }
            }
        }
        return copies;
    }

    Optional<RunRecord> find(String runId) {
        return deployment.state().run(runId);
    }

    /** The run's execution; empty when the engine knows none (a local run of an earlier command, one Step Functions expired). */
    Optional<Execution> execution(String runId) {
        return deployment.runs().describe(runId);
    }

    private List<RunRecord> recentRecords(int limit) {
        return deployment.state().runs().stream().sorted(Comparator.comparing(RunRecord::startedAt).reversed()).limit(limit).toList();
    }

    /**
     * Stops a running run: its execution is stopped (saying why), its item recorded as aborted (what it
     * copied stays in its progress), and the mirror given back. Returns false when the run was not running.
     */
    private boolean stop(String runId, String reason) {
        Optional<Execution> execution = execution(runId);
        boolean running = execution.map(described -> !described.ended()).orElse(false);
        if (running) {
            deployment.runs().stop(runId, "Stopped", reason);
        }
        Optional<RunRecord> record = find(runId);
        boolean recorded = (record.isPresent() || execution.isPresent()) && new UnreportedEnd(deployment.state(), JSON).record(runId,
                RunStatus.ABORTED, record.map(RunRecord::startedAt).orElseGet(() -> execution.orElseThrow().startedAt()), clock.instant(), "Stopped",
                record.map(RunRecord::requestJson).orElseGet(() -> execution.orElseThrow().input()));
        return running || recorded;
    }

    @Override
    public void close() {
        deployment.close();
    }
}
