package org.laionfmri.mirror.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.laionfmri.mirror.engine.StatesError;
import org.laionfmri.mirror.engine.TaskInvoker;

/**
 * Lambda on this machine: each function name maps to a handler class's factory, and every invocation
 * takes an idle instance (made on demand, like a warm Lambda container), so concurrent invocations
 * never share one. The payload crosses a JSON boundary; an exception becomes the error Lambda would
 * report: its class name as the error, {@code {"errorMessage", "errorType"}} as the cause.
 */
public final class HandlerInvoker implements TaskInvoker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Supplier<? extends RequestStreamHandler>> factories;
    private final Map<String, BlockingQueue<RequestStreamHandler>> idle = new ConcurrentHashMap<>();

    public HandlerInvoker(Map<String, Supplier<? extends RequestStreamHandler>> factories) {
        this.factories = Map.copyOf(factories);
    }

    @Override
    public String invoke(String functionName, String payloadJson) {
        Supplier<? extends RequestStreamHandler> factory = factories.get(functionName);
        if (factory == null) {
            throw new StatesError("Lambda.ResourceNotFoundException", "Function not found: " + functionName);
        }
        BlockingQueue<RequestStreamHandler> pool = idle.computeIfAbsent(functionName, name -> new LinkedBlockingQueue<>());
        RequestStreamHandler handler = pool.poll();
        if (handler == null) {
            handler = factory.get();
        }
        try {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(payloadJson.getBytes(StandardCharsets.UTF_8)), output, null);
            return output.toString(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException failure) {
            ObjectNode cause = JSON.createObjectNode()
                    .put("errorMessage", String.valueOf(failure.getMessage()))
                    .put("errorType", failure.getClass().getName());
            cause.putArray("stackTrace");
            throw new StatesError(failure.getClass().getName(), cause.toString());
        } finally {
            pool.add(handler);
        }
    }
}
