package org.laionfmri.mirror.client;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Failures nobody named, said for people: one line, no class names, no SDK dumps. */
final class Failures {

    private Failures() {}

    static String describe(Throwable error) {
        if (error instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().serviceName() + " refused the request: " + service.awsErrorDetails().errorCode() + " (HTTP "
                    + service.statusCode() + "): " + firstLine(service.awsErrorDetails().errorMessage());
        }
        if (error instanceof SdkClientException client) {
            return "could not reach the service: " + firstLine(client.getMessage()).replaceAll(" \\(SDK Attempt Count: \\d+\\)", "")
                    + ". Check the network, the endpoint and the region.";
        }
        Throwable cause = error;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? "the command failed unexpectedly (" + cause.getClass().getSimpleName() + ")" : firstLine(cause.getMessage());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no detail given";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
