package org.laionfmri.mirror.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * A Lambda function as a JSON adapter: reads the event, runs the step with the Lambda context in the
 * structured logs, writes the result. A failure propagates as its exception, which Lambda reports with
 * the class name as the error type the state machine catches.
 */
public abstract class JsonHandler implements RequestStreamHandler {

    private final MirrorServices services;

    protected JsonHandler(MirrorServices services) {
        this.services = services;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = services.json().readTree(input);
        Object result = PowertoolsLogging.withLogging(context, () -> handle(event, context));
        services.json().writeValue(output, result);
    }

    /** The step: from its input to its output (any value Jackson writes); {@code context} is null outside Lambda. */
    protected abstract Object handle(JsonNode event, Context context);

    protected MirrorServices services() {
        return services;
    }

    /** The services of this Lambda container, built once from its environment. */
    static MirrorServices environmentServices() {
        return EnvironmentServices.INSTANCE;
    }

    private static final class EnvironmentServices {
        static final MirrorServices INSTANCE = MirrorConfig.fromEnvironment(System.getenv()).services(Clock.systemUTC(), List.of());
    }
}
