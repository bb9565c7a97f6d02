package org.laionfmri.mirror.client;

import org.laionfmri.mirror.error.Messages;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Failures nobody named, said for people: one line, no class names, no SDK dumps. */
final class Failures {

    private Failures() {}

    static String describe(Throwable error) {
        if (error instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().serviceName() + " refused the request: " + service.awsErrorDetails().errorCode() + " (HTTP "
                    + service.statusCode() + "): " + (service.awsErrorDetails().errorMessage() == null ? "no detail given"
                            : Messages.firstLine(service.awsErrorDetails().errorMessage()));
        }
        if (error instanceof SdkClientException client) {
            return "could not reach the service: " + Messages.firstLine(client, "no detail given") + ". Check the network, the endpoint and the region.";
        }
        return Messages.firstLine(error, "the command failed unexpectedly, with no reason given");
    }
}
