package org.laionfmri.mirror.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.laionfmri.mirror.engine.ExecutionInfo;
import org.laionfmri.mirror.engine.LocalEngine;
import org.laionfmri.mirror.engine.Sleeper;
import org.laionfmri.mirror.handlers.CopyBatchHandler;
import org.laionfmri.mirror.handlers.LicenceGateHandler;
import org.laionfmri.mirror.handlers.MirrorServices;
import org.laionfmri.mirror.handlers.PlanHandler;
import org.laionfmri.mirror.handlers.ReportHandler;
import org.laionfmri.mirror.handlers.RunEndHandler;
import org.laionfmri.mirror.handlers.StimuliHandler;
import org.laionfmri.mirror.handlers.ValidateHandler;
import org.laionfmri.mirror.run.UnreportedEnd;
import org.laionfmri.mirror.statemachine.MirrorDefinition;
import org.laionfmri.mirror.storage.ObjectStore;

/**
 * The mirror workflow on one machine: {@code mirror.asl.json} registered with the local engine, its
 * functions run in-process, each instance with the services a wiring gives it (as each Lambda container
 * builds its own), its Distributed Map reading and writing the mirror's store, and the end of every run
 * that failed, timed out or was stopped raised to RunEnd as the stack's EventBridge rule raises it.
 */
public final class LocalWorkflow implements AutoCloseable {

    public static final String STATE_MACHINE = "laion-mirror";
    /** The caller whose services the engine's own reads and writes (the Distributed Map's ItemReader and ResultWriter) go through. */
    public static final String ENGINE_CALLER = "StateMachine";

    /** The function the end of a run that Report may not have recorded goes to. */
    private static final String RUN_END = "RunEnd";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, MirrorServices> servicesOf;
    private final List<MirrorServices> opened = new ArrayList<>();
    private final LocalEngine engine;
    private final String stateMachineArn;

    /**
     * @param servicesOf the services of one instance of a function, by its name in the definition (e.g. {@code
     *     "Plan"}), or of the engine ({@value #ENGINE_CALLER}): the wiring, which tests use to see which calls each
     *     step of a real run makes, as its own role would
     * @param copyConcurrency the Distributed Map's MaxConcurrency (batches at once)
     */
    public LocalWorkflow(Function<String, MirrorServices> servicesOf, Clock clock, Sleeper sleeper, int copyConcurrency) {
        this.servicesOf = servicesOf;
        MirrorServices engineServices = services(ENGINE_CALLER);
        ObjectStore mirror = engineServices.mirror();
        Map<String, Function<MirrorServices, RequestStreamHandler>> handlers = Map.of(
                "Validate", ValidateHandler::new,
                "LicenceGate", LicenceGateHandler::new,
                "Plan", PlanHandler::new,
                "CopyBatch", CopyBatchHandler::new,
                "Stimuli", StimuliHandler::new,
                "Report", services -> new ReportHandler(services, new LocalMetrics()),
                RUN_END, RunEndHandler::new);
        Map<String, Supplier<? extends RequestStreamHandler>> functions = new HashMap<>();
        handlers.forEach((name, constructor) -> functions.put(name, () -> constructor.apply(services(name))));
        HandlerInvoker invoker = new HandlerInvoker(functions);
        this.engine = new LocalEngine(invoker, new MirrorStoreForEngine(mirror), sleeper, clock, ended -> {
            if (UnreportedEnd.EXECUTION_ENDS.contains(ended.status().name())) {
                invoker.invoke(RUN_END, statusChangeEvent(ended)); // as the stack's EventBridge rule does
            }
        });
        this.stateMachineArn = engine.createStateMachine(STATE_MACHINE, MirrorDefinition.substituted(engineServices.settings().runTimeout(), Map.of(
                "Partition", "aws",
                "ValidateFunction", "Validate",
                "LicenceGateFunction", "LicenceGate",
                "PlanFunction", "Plan",
                "CopyBatchFunction", "CopyBatch",
                "StimuliFunction", "Stimuli",
                "ReportFunction", "Report",
                "MirrorBucket", mirror.address().bucket(),
                "MirrorPrefix", mirror.address().prefix(),
                "CopyMaxConcurrency", Integer.toString(copyConcurrency))));
    }

    public LocalEngine engine() {
        return engine;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    /** Starts a run named {@code runId} of the request (JSON); returns the execution's ARN. */
    public String start(String runId, String requestJson) {
        return engine.startExecution(stateMachineArn, runId, requestJson);
    }

    /** The "Step Functions Execution Status Change" event EventBridge delivers for an execution's end, as Step Functions sends it. */
    public static String statusChangeEvent(ExecutionInfo ended) {
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("detail-type", "Step Functions Execution Status Change")
                .put("source", "aws.states").put("time", ended.stopDate().toString());
        event.putArray("resources").add(ended.executionArn());
        event.putObject("detail").put("executionArn", ended.executionArn()).put("stateMachineArn", ended.stateMachineArn())
                .put("name", ended.name()).put("status", ended.status().name()).put("startDate", ended.startDate().toEpochMilli())
                .put("stopDate", ended.stopDate().toEpochMilli()).put("input", ended.input()).put("output", ended.output())
                .put("error", ended.error()).put("cause", ended.cause());
        return event.toString();
    }

    /** The services of one instance of the function {@code name}. */
    private synchronized MirrorServices services(String name) {
        MirrorServices services = servicesOf.apply(name);
        opened.add(services);
        return services;
    }

    @Override
    public synchronized void close() {
        engine.close();
        opened.forEach(MirrorServices::close);
    }
}
