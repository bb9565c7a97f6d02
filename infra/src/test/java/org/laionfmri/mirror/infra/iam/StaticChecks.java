package org.laionfmri.mirror.infra.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.laionfmri.mirror.testing.AwsCall;

/**
 * The authorisations no recorded call shows, read off the template: the services assuming the stack's
 * roles (with the context each sends: Scheduler its schedule group, Step Functions its state machine),
 * the state machine invoking the steps' aliases, running its Distributed Map (child executions, the
 * ResultWriter's multipart requests), EventBridge invoking the function a rule targets, and the
 * scheduler starting the workflow or, when it cannot, sending the start to its dead-letter queue.
 */
final class StaticChecks {

    /** A run and a map run as Step Functions names them; any ids do. */
    private static final String RUN = "0d6b1c52-run";
    private static final String MAP_RUN = "4f1e9a7c-map-run";
    /** The Distributed Map's Label in mirror.asl.json: it names the map's child executions. */
    private static final String MAP_LABEL = "Copy";

    private StaticChecks() {}

    static List<IamCheck> of(SynthesisedStack stack, RequiredPermissions permissions) {
        Map<String, String> roles = stack.roles();
        String workflowRole = roles.get(SynthesisedStack.STATE_MACHINE);
        String stateMachine = stack.stateMachineArn();
        List<IamCheck> checks = new ArrayList<>();

        // each role trusts the service that acts with it; Step Functions and Scheduler say for which of their resources
        roles.forEach((caller, role) -> checks.add(switch (caller) {
            case SynthesisedStack.STATE_MACHINE -> assumeRole("states.amazonaws.com", role, sourceContext(stateMachine));
            case SynthesisedStack.SCHEDULER -> assumeRole("scheduler.amazonaws.com", role, sourceContext(stack.scheduleGroupArn()));
            default -> assumeRole("lambda.amazonaws.com", role, Map.of());
        }));
        stack.functionAliases().forEach((substitution, alias) ->
                checks.add(task("Task ${" + substitution + "}", workflowRole, "lambda:InvokeFunction", alias)));

        // the Distributed Map runs its batches as child executions of this state machine, and stops them when it fails
        String childExecution = stateMachine.replace(":stateMachine:", ":execution:") + "/" + MAP_LABEL + ":" + RUN + "-batch-1";
        checks.add(task("Distributed Map", workflowRole, "states:StartExecution", stateMachine));
        checks.add(task("Distributed Map", workflowRole, "states:DescribeExecution", childExecution));
        checks.add(task("Distributed Map", workflowRole, "states:StopExecution", childExecution));
        // the ItemReader's GetObject and the ResultWriter's PutObject are recorded from the local engine, which writes each
        // result in one request; Step Functions' ResultWriter may upload in parts, and AWS documents these two for it too
        String results = SynthesisedStack.MIRROR_PREFIX + "_mirror/runs/" + RUN + "/results/" + MAP_RUN + "/SUCCEEDED_0.json";
        String mirror = stack.mirrorBucket();
        checks.addAll(permissions.checksFor(List.of(
                AwsCall.s3(SynthesisedStack.STATE_MACHINE, "ListParts", mirror, results),
                AwsCall.s3(SynthesisedStack.STATE_MACHINE, "AbortMultipartUpload", mirror, results)),
                Map.of(mirror, mirror)));

        checks.add(new IamCheck(SynthesisedStack.SCHEDULER, "Target", roles.get(SynthesisedStack.SCHEDULER), "states:StartExecution",
                stack.scheduleTarget(), Map.of()));
        // EventBridge invokes each rule's targets for that rule, in this account
        stack.ruleTargets().forEach((rule, target) -> checks.add(new IamCheck("events.amazonaws.com", "Target", "events.amazonaws.com",
                "lambda:InvokeFunction", target, sourceContext(rule))));
        checks.add(new IamCheck(SynthesisedStack.SCHEDULER, "DeadLetterConfig", roles.get(SynthesisedStack.SCHEDULER), "sqs:SendMessage",
                stack.scheduleDeadLetterQueue(), Map.of()));
        return checks;
    }

    private static IamCheck assumeRole(String service, String role, Map<String, String> context) {
        return new IamCheck(service, "AssumeRole", service, "sts:AssumeRole", role, context);
    }

    /** The confused-deputy keys a service sets when it acts for one of its resources. */
    private static Map<String, String> sourceContext(String sourceArn) {
        return Map.of("aws:SourceAccount", SynthesisedStack.ACCOUNT, "aws:SourceArn", sourceArn);
    }

    private static IamCheck task(String operation, String role, String action, String resource) {
        return new IamCheck(SynthesisedStack.STATE_MACHINE, operation, role, action, resource, Map.of());
    }
}
