package org.laionfmri.mirror.handlers;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.laionfmri.mirror.copy.BatchCopier;
import org.laionfmri.mirror.licence.Cc0Licence;
import org.laionfmri.mirror.state.MirrorState;
import org.laionfmri.mirror.stimuli.AccessServiceClient;
import org.laionfmri.mirror.stimuli.StimulusSync;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.s3.RequestCounter;

/**
 * What the steps work with: the source and the mirror stores, the mirror's state, the access service,
 * and how the steps run. The ports come from a wiring (the Lambda's, over S3 and DynamoDB; this
 * machine's, over files), each built when first asked for, so a function builds only what it uses.
 * Build with {@link #builder()}.
 */
public final class MirrorServices implements AutoCloseable {

    private final WorkflowSettings settings;
    private final Clock clock;
    private final RequestCounter requests;
    private final RequestCounter sourceRequests;
    private final ObjectMapper json = new ObjectMapper();
    private final Supplier<ObjectStore> sourceFactory;
    private final Supplier<ObjectStore> mirrorFactory;
    private final Supplier<MirrorState> stateFactory;
    private final boolean ownsState;
    private final Supplier<AccessServiceClient> accessFactory;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private ObjectStore source;
    private ObjectStore mirror;
    private MirrorState state;
    private AccessServiceClient access;

    private MirrorServices(Builder builder) {
        this.settings = Objects.requireNonNull(builder.settings, "settings");
        this.clock = Objects.requireNonNull(builder.clock, "clock");
        this.requests = Objects.requireNonNull(builder.requests, "requests");
        this.sourceRequests = Objects.requireNonNull(builder.sourceRequests, "sourceRequests");
        this.sourceFactory = Objects.requireNonNull(builder.source, "source");
        this.mirrorFactory = Objects.requireNonNull(builder.mirror, "mirror");
        this.stateFactory = Objects.requireNonNull(builder.state, "state");
        this.ownsState = builder.ownsState;
        this.accessFactory = Objects.requireNonNull(builder.accessService, "accessService");
    }

    public static Builder builder() {
        return new Builder();
    }

    public WorkflowSettings settings() {
        return settings;
    }

    public ObjectMapper json() {
        return json;
    }

    public Clock clock() {
        return clock;
    }

    /** The S3 requests the stores sent, by operation (a directory sends none). */
    public RequestCounter requests() {
        return requests;
    }

    /**
     * Of those, the source's: the public bucket is read anonymously, so they are billed to its owner, not
     * to the mirror's.
     */
    public RequestCounter sourceRequests() {
        return sourceRequests;
    }

    public synchronized ObjectStore source() {
        if (source == null) {
            source = opened(sourceFactory.get());
        }
        return source;
    }

    public synchronized ObjectStore mirror() {
        if (mirror == null) {
            mirror = opened(mirrorFactory.get());
        }
        return mirror;
    }

    public synchronized MirrorState state() {
        if (state == null) {
            state = stateFactory.get();
            if (ownsState && state instanceof AutoCloseable closeable) {
                opened.add(closeable);
            }
        }
        return state;
    }

    public BatchCopier copier() {
        return new BatchCopier(source(), mirror(), requests, settings.copyParallelism(), clock);
    }

    public Cc0Licence licence() {
        return new Cc0Licence(state(), clock);
    }

    public synchronized StimulusSync stimulusSync() {
        if (access == null) {
            access = accessFactory.get();
        }
        return new StimulusSync(access, state(), mirror());
    }

    private <T extends AutoCloseable> T opened(T resource) {
        opened.add(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        RuntimeException failed = null;
        for (AutoCloseable resource : opened) {
            try {
                resource.close();
            } catch (Exception e) {
                failed = failed != null ? failed : new IllegalStateException("could not close " + resource + ": " + e.getMessage(), e);
            }
        }
        opened.clear();
        source = null;
        mirror = null;
        state = null;
        if (failed != null) {
            throw failed;
        }
    }

    /** The ports and settings of a wiring: each port as a factory, called once, when first needed. */
    public static final class Builder {
        private WorkflowSettings settings = WorkflowSettings.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private RequestCounter requests = new RequestCounter();
        private RequestCounter sourceRequests = new RequestCounter();
        private Supplier<ObjectStore> source;
        private Supplier<ObjectStore> mirror;
        private Supplier<MirrorState> state;
        private boolean ownsState;
        private Supplier<AccessServiceClient> accessService;

        private Builder() {}

        public Builder settings(WorkflowSettings settings) {
            this.settings = settings;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The counter the stores' requests are counted by (the stores must be built with it). */
        public Builder requests(RequestCounter requests) {
            this.requests = requests;
            return this;
        }

        /** The counter the source store's requests are also counted by (the store must be built with it). */
        public Builder sourceRequests(RequestCounter sourceRequests) {
            this.sourceRequests = sourceRequests;
            return this;
        }

        public Builder source(Supplier<ObjectStore> source) {
            this.source = source;
            return this;
        }

        public Builder mirror(Supplier<ObjectStore> mirror) {
            this.mirror = mirror;
            return this;
        }

        /** The state, made for these services and closed with them. */
        public Builder state(Supplier<MirrorState> state) {
            this.state = state;
            this.ownsState = true;
            return this;
        }

        /** A state shared with others (a local mirror's, which its command holds): never closed by these services. */
        public Builder sharedState(MirrorState state) {
            this.state = () -> state;
            this.ownsState = false;
            return this;
        }

        public Builder accessService(Supplier<AccessServiceClient> accessService) {
            this.accessService = accessService;
            return this;
        }

        public MirrorServices build() {
            return new MirrorServices(this);
        }
    }
}
