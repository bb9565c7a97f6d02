package org.laionfmri.mirror.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.laionfmri.mirror.engine.LocalEngine;
import org.laionfmri.mirror.engine.Sleeper;
import org.laionfmri.mirror.handlers.CopyBatchHandler;
import org.laionfmri.mirror.handlers.LicenceGateHandler;
import org.laionfmri.mirror.handlers.MirrorServices;
import org.laionfmri.mirror.handlers.PlanHandler;
import org.laionfmri.mirror.handlers.ReportHandler;
import org.laionfmri.mirror.handlers.StimuliHandler;
import org.laionfmri.mirror.handlers.ValidateHandler;
import org.laionfmri.mirror.storage.ObjectStore;

/**
 * The mirror workflow on one machine: {@code mirror.asl.json} registered with the local engine, its
 * functions run in-process, each instance with the services a wiring gives it (as each Lambda container
 * builds its own), its Distributed Map reading and writing the mirror's store.
 */
public final class LocalWorkflow implements AutoCloseable {

    public static final String STATE_MACHINE = "laion-mirror";
    /** The caller whose services the engine's own reads and writes (the Distributed Map's ItemReader and ResultWriter) go through. */
    public static final String ENGINE_CALLER = "StateMachine";

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
                "Report", services -> new ReportHandler(services, new LocalMetrics()));
        Map<String, Supplier<? extends RequestStreamHandler>> functions = new HashMap<>();
        handlers.forEach((name, constructor) -> functions.put(name, () -> constructor.apply(services(name))));
        this.engine = new LocalEngine(new HandlerInvoker(functions), new MirrorStoreForEngine(mirror), sleeper, clock);
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
