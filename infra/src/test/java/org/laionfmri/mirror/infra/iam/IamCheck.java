package org.laionfmri.mirror.infra.iam;

import java.util.Map;

/**
 * One authorisation AWS makes: may {@code principal} do {@code action} on {@code resource}, in this
 * request {@code context}? A null principal is an unsigned (anonymous) request. {@code caller} and
 * {@code operation} say which request needs it (a step and its S3 operation, or the state machine's
 * Task), for the reports.
 */
record IamCheck(String caller, String operation, String principal, String action, String resource, Map<String, String> context) {

    IamCheck {
        context = Map.copyOf(context);
    }

    boolean anonymous() {
        return principal == null;
    }
}
