package org.laionfmri.mirror.engine;

/**
 * Runs a Lambda function for a Task state: the payload crosses a JSON boundary as in Lambda. A function
 * error is a {@link StatesError} named with the function's error type (its exception's fully qualified
 * class name) and a cause shaped as Lambda shapes it ({@code {"errorMessage", "errorType"}}).
 */
@FunctionalInterface
public interface TaskInvoker {

    /** Invokes {@code functionName} (a name or ARN) with a JSON payload; returns the JSON it answered. */
    String invoke(String functionName, String payloadJson);
}
