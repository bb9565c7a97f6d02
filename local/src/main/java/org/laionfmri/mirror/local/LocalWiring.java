package org.laionfmri.mirror.local;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.laionfmri.mirror.handlers.MirrorServices;
import org.laionfmri.mirror.handlers.WorkflowSettings;
import org.laionfmri.mirror.state.MirrorState;
import org.laionfmri.mirror.stimuli.AccessServiceClient;
import org.laionfmri.mirror.storage.s3.RequestCounter;

/**
 * The workflow's functions on this machine, and the one place they are wired: the source and the
 * mirror opened natively (a directory as files, a bucket through S3), the mirror's state shared by
 * every function (the command that runs them holds it), the access service. Each function instance
 * gets services of its own, as each Lambda container has, so its request counts are its own.
 */
public final class LocalWiring {

    /** Copies at once within a batch on one machine (each batch of the few the engine runs at once has its own). */
    public static final int COPY_PARALLELISM = 8;
    /** The state on this machine keeps progress in memory: every object is reported as it completes. */
    static final WorkflowSettings SETTINGS = WorkflowSettings.DEFAULT.withCopyParallelism(COPY_PARALLELISM).withProgressEvery(Duration.ZERO);

    private final Store source;
    private final Store mirror;
    private final MirrorState state;
    private final URI accessService;
    private final Clock clock;

    public LocalWiring(Store source, Store mirror, MirrorState state, URI accessService, Clock clock) {
        this.source = source;
        this.mirror = mirror;
        this.state = state;
        this.accessService = accessService;
        this.clock = clock;
    }

    /** The services of one instance of a function (or of the engine), by its name in the definition. */
    public MirrorServices services(String caller) {
        RequestCounter requests = new RequestCounter();
        return MirrorServices.builder().settings(SETTINGS).clock(clock).requests(requests)
                .source(() -> source.open("source", requests))
                .mirror(() -> mirror.open("mirror", requests))
                .sharedState(state)
                .accessService(() -> AccessServiceClient.at(accessService))
                .build();
    }
}
