package org.laionfmri.mirror.infra.iam;

import java.util.List;

/**
 * What iam-simulate decided for a check: {@code Allowed}, {@code ExplicitlyDenied}, {@code
 * ImplicitlyDenied}, or {@code Error} (the check itself is invalid, e.g. an action that does not exist);
 * {@code detail} names the deciding statements or the errors, and {@code grants} the identity policy
 * statements that allowed it.
 */
record IamOutcome(IamCheck check, String result, String detail, List<Grant> grants) {

    /** An identity policy's statement, by the policy's name and the statement's 1-based index, as iam-simulate names it. */
    record Grant(String policy, int statement) {}

    IamOutcome {
        grants = List.copyOf(grants);
    }

    static final String ALLOWED = "Allowed";
    static final String EXPLICITLY_DENIED = "ExplicitlyDenied";
    static final String IMPLICITLY_DENIED = "ImplicitlyDenied";
    static final String ERROR = "Error";

    boolean allowed() {
        return result.equals(ALLOWED);
    }

    /** One readable line: who, which request, which action on what, the decision and why. */
    String line() {
        return check.caller() + " " + check.operation() + ": " + check.action() + " on " + check.resource()
                + (check.context().isEmpty() ? "" : " " + check.context())
                + " as " + (check.anonymous() ? "anonymous" : check.principal()) + " -> " + result
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
