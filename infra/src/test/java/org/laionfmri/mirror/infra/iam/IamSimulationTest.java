package org.laionfmri.mirror.infra.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.laionfmri.mirror.testing.AwsCall;
import org.laionfmri.mirror.testing.MirrorHarness;

/**
 * The stack's IAM, simulated offline with iam-simulate on the synthesised template's own policies:
 * every call of the workflow, as recorded from real runs on the embedded stack ({@link RecordedRun}), and
 * every authorisation the services make that no call shows (trust policies with the context each service
 * sends, invocations) is allowed; nothing is granted that no call uses, unless it says why; what no step
 * may do is refused (by the policy that should refuse it), the key included (used only through S3 and
 * DynamoDB); and the deployed definition is valid Amazon States Language.
 */
class IamSimulationTest {

    private static final String RESEARCHER = "arn:aws:iam::" + SynthesisedStack.ACCOUNT + ":role/researcher";
    private static final List<String> FUNCTIONS = List.of("Validate", "LicenceGate", "Plan", "CopyBatch", "Stimuli", "Report", "RunEnd");
    /** The callers that use the key through S3 (the mirror's objects) and through DynamoDB (the state table). */
    private static final List<String> KEY_THROUGH_S3 = List.of("Plan", "CopyBatch", "Stimuli", "Report", SynthesisedStack.STATE_MACHINE);
    private static final List<String> KEY_THROUGH_DYNAMODB = List.of("LicenceGate", "Plan", "CopyBatch", "Stimuli", "Report", "RunEnd");
    /**
     * Grants no check can show, each with why it must stay: what the services do with a role themselves
     * (Lambda's logs and traces, Step Functions' log delivery and traces) and requests sent only when
     * something fails.
     */
    private static final Map<String, String> GRANTS_NO_CALL_SHOWS = Map.ofEntries(
            Map.entry("logs:createlogstream", "Lambda writes each function's logs with its role"),
            Map.entry("logs:putlogevents", "Lambda writes each function's logs with its role"),
            Map.entry("xray:puttracesegments", "Lambda and Step Functions send the X-Ray traces (tracing on) with the role"),
            Map.entry("xray:puttelemetryrecords", "Lambda and Step Functions send the X-Ray traces (tracing on) with the role"),
            Map.entry("xray:getsamplingrules", "Step Functions reads the X-Ray sampling rules with the state machine's role"),
            Map.entry("xray:getsamplingtargets", "Step Functions reads the X-Ray sampling rules with the state machine's role"),
            Map.entry("logs:createlogdelivery", "Step Functions sets up its log delivery to the workflow's log group with its role"),
            Map.entry("logs:getlogdelivery", "Step Functions sets up its log delivery to the workflow's log group with its role"),
            Map.entry("logs:updatelogdelivery", "Step Functions sets up its log delivery to the workflow's log group with its role"),
            Map.entry("logs:deletelogdelivery", "Step Functions sets up its log delivery to the workflow's log group with its role"),
            Map.entry("logs:listlogdeliveries", "Step Functions sets up its log delivery to the workflow's log group with its role"),
            Map.entry("logs:putresourcepolicy", "Step Functions sets up its log delivery to the workflow's log group with its role"),
            Map.entry("logs:describeresourcepolicies", "Step Functions sets up its log delivery to the workflow's log group with its role"),
            Map.entry("logs:describeloggroups", "Step Functions sets up its log delivery to the workflow's log group with its role"),
            Map.entry("s3:abortmultipartupload", "sent only when an upload or a multipart copy fails (the SDK aborts it); no recorded run fails one"));
    private static final String STIMULUS_IMAGES = "lab/stimuli/task-images_stimuli.h5";

    private static SynthesisedStack stack;
    private static Map<String, String> deployedNames;
    private static RequiredPermissions permissions;
    private static IamSimulator simulator;
    private static Map<Probe, List<IamOutcome>> probeOutcomes;
    private static List<AwsCall> recordedCalls;
    private static List<IamOutcome> callOutcomes;

    /**
     * What must not be allowed, or (to show a refusal is not blanket) must be: a call of the workflow's (whose
     * checks RequiredPermissions knows) or one authorisation written out, and the decision expected.
     */
    record Probe(String name, AwsCall call, IamCheck check, Expect expected) {
        Probe(String name, AwsCall call, Expect expected) {
            this(name, call, null, expected);
        }

        Probe(String name, IamCheck check, Expect expected) {
            this(name, null, check, expected);
        }

        List<IamCheck> checks() {
            return call != null ? permissions.checksFor(call, deployedNames) : List.of(check);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    enum Expect { ALLOWED, DENIED, EXPLICITLY_DENIED }

    @BeforeAll
    static void synthesiseAndRecord(@TempDir Path workspace) {
        stack = SynthesisedStack.synthesise();
        deployedNames = Map.of("source", PublicSource.BUCKET, "mirror", stack.mirrorBucket(), MirrorHarness.TABLE, stack.stateTable());
        Map<String, String> principals = new LinkedHashMap<>(stack.roles());
        principals.put("researcher", RESEARCHER);
        principals.put("dua-holder", SynthesisedStack.DUA_HOLDER);
        permissions = new RequiredPermissions(stack, principals);
        // their own policies let both read the whole mirror: only the bucket policy may tell them apart
        JsonNode readTheMirror = new ObjectMapper().valueToTree(Map.of("Version", "2012-10-17", "Statement", List.of(
                Map.of("Effect", "Allow", "Action", "s3:GetObject", "Resource", "arn:aws:s3:::" + stack.mirrorBucket() + "/*"),
                Map.of("Effect", "Allow", "Action", "kms:Decrypt", "Resource", stack.bucketKey(stack.mirrorBucket()).orElseThrow()))));
        simulator = new IamSimulator(AccessPolicies.of(stack)
                .addIdentityPolicy(RESEARCHER, "ReadTheMirror", readTheMirror)
                .addIdentityPolicy(SynthesisedStack.DUA_HOLDER, "ReadTheMirror", readTheMirror));
        probeOutcomes = evaluate(probes().toList());
        recordedCalls = RecordedRun.calls(workspace);
        callOutcomes = evaluateCalls(recordedCalls);
    }

    @Test
    void everyCallOfTheWorkflowIsAllowed() {
        assertThat(callOutcomes.stream().filter(outcome -> !outcome.allowed()).map(IamOutcome::line).distinct()).isEmpty(); // a call repeats across runs
    }

    @Test
    void everyGrantIsUsedByACallOrSaysWhyItMustStay() {
        List<GrantedStatements.Grant> unused = GrantedStatements.unused(GrantedStatements.of(AccessPolicies.of(stack), stack.roles()), callOutcomes);

        assertThat(unused.stream().filter(grant -> !GRANTS_NO_CALL_SHOWS.containsKey(grant.action())).map(GrantedStatements.Grant::line))
                .as("granted, and used by no call of the workflow: remove it, or say in GRANTS_NO_CALL_SHOWS why it must stay").isEmpty();
        assertThat(GRANTS_NO_CALL_SHOWS.keySet()).as("reasons for grants that calls use, or that no role has any more")
                .allMatch(action -> unused.stream().anyMatch(grant -> grant.action().equals(action)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void decidesEachProbeAsDesigned(Probe probe) {
        List<IamOutcome> outcomes = probeOutcomes.get(probe);
        String decision = decision(outcomes);
        String why = probe.name() + ", but:\n" + outcomes.stream().map(IamOutcome::line).collect(Collectors.joining("\n"));

        switch (probe.expected()) {
            case ALLOWED -> assertThat(decision).as(why).isEqualTo(IamOutcome.ALLOWED);
            case DENIED -> assertThat(decision).as(why).isIn(IamOutcome.EXPLICITLY_DENIED, IamOutcome.IMPLICITLY_DENIED);
            case EXPLICITLY_DENIED -> assertThat(decision).as(why).isEqualTo(IamOutcome.EXPLICITLY_DENIED);
        }
    }

    @Test
    void theDeployedDefinitionIsValidAmazonStatesLanguage() {
        String definition = stack.definition();

        assertThat(definition).doesNotContain("${");
        assertThat(AslValidator.diagnostics(definition)).isEmpty();
    }

    @Test
    void theValidatorReportsAnInvalidDefinition() throws Exception {
        ObjectNode definition = (ObjectNode) new ObjectMapper().readTree(stack.definition());
        definition.put("StartAt", "NoSuchState");

        assertThat(AslValidator.diagnostics(definition.toString())).anyMatch(diagnostic -> diagnostic.contains("\"StartAt\""));
    }

    /** The outcomes of the checks of {@code calls} (recorded, with the embedded stack's bucket and table names) and of the static ones. */
    private static List<IamOutcome> evaluateCalls(List<AwsCall> calls) {
        List<IamCheck> checks = new ArrayList<>(permissions.checksFor(calls, deployedNames));
        int fromCalls = checks.size();
        checks.addAll(StaticChecks.of(stack, permissions));
        System.out.printf("IAM simulation: %d recorded calls %s -> %d checks, and %d static checks; checks by caller: %s%n", calls.size(),
                countBy(calls.stream().map(AwsCall::caller)), fromCalls, checks.size() - fromCalls,
                countBy(checks.stream().map(IamCheck::caller)));
        return simulator.evaluate(checks);
    }

    /** A KMS request of {@code caller}'s role: through {@code service} (kms:ViaService), or a direct call when null. */
    private static IamCheck kms(String caller, Map<String, String> roles, String action, String key, String service) {
        Map<String, String> context = service == null ? Map.of() : Map.of("kms:ViaService", service + "." + SynthesisedStack.REGION + ".amazonaws.com");
        return new IamCheck(caller, service == null ? "KMS " + action : "through " + service, roles.get(caller), action, key, context);
    }

    private static Map<String, Long> countBy(Stream<String> callers) {
        return callers.collect(Collectors.groupingBy(caller -> caller, TreeMap::new, Collectors.counting()));
    }

    /** Each probe's outcomes, all evaluated in one node process. */
    private static Map<Probe, List<IamOutcome>> evaluate(List<Probe> probes) {
        List<IamCheck> checks = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Probe probe : probes) {
            List<IamCheck> ofProbe = probe.checks();
            checks.addAll(ofProbe);
            counts.add(ofProbe.size());
        }
        List<IamOutcome> outcomes = simulator.evaluate(checks);
        Map<Probe, List<IamOutcome>> byProbe = new LinkedHashMap<>();
        int from = 0;
        for (int i = 0; i < probes.size(); i++) {
            byProbe.put(probes.get(i), outcomes.subList(from, from + counts.get(i)));
            from += counts.get(i);
        }
        return byProbe;
    }

    /** A call is allowed only if all its checks are; an explicit deny anywhere decides it. */
    private static String decision(List<IamOutcome> outcomes) {
        List<String> results = outcomes.stream().map(IamOutcome::result).toList();
        for (String decisive : List.of(IamOutcome.ERROR, IamOutcome.EXPLICITLY_DENIED, IamOutcome.IMPLICITLY_DENIED)) {
            if (results.contains(decisive)) {
                return decisive;
            }
        }
        return IamOutcome.ALLOWED;
    }

    static Stream<Probe> probes() {
        List<Probe> probes = new ArrayList<>();
        // the copy writes dataset keys only: not the stimulus files (the Stimuli step's, verified) nor the run artefacts
        for (String key : List.of(STIMULUS_IMAGES, "lab/stimuli/task-images_metadata.csv", "lab/_mirror/runs/x/report.json")) {
            probes.add(new Probe("CopyBatch must not write " + key,
                    AwsCall.copy("CopyBatch", "CopyObject", "source", key.substring("lab/".length()), "mirror", key), Expect.DENIED));
        }
        // the stimulus images are the DUA holders' and the Stimuli step's only, whatever another principal's own policy says
        for (String caller : List.of("Validate", "LicenceGate", "Plan", "CopyBatch", "Report", SynthesisedStack.STATE_MACHINE, "researcher")) {
            probes.add(new Probe(caller + " must not read " + STIMULUS_IMAGES, AwsCall.s3(caller, "GetObject", "mirror", STIMULUS_IMAGES),
                    Expect.EXPLICITLY_DENIED));
        }
        probes.add(new Probe("the DUA holder may read " + STIMULUS_IMAGES, AwsCall.s3("dua-holder", "GetObject", "mirror", STIMULUS_IMAGES),
                Expect.ALLOWED));
        // the mirror only grows: no step deletes
        for (String caller : FUNCTIONS) {
            probes.add(new Probe(caller + " must not delete lab/sub-01/x.nii.gz", AwsCall.s3(caller, "DeleteObject", "mirror", "lab/sub-01/x.nii.gz"),
                    Expect.DENIED));
        }
        // Validate checks the request and touches nothing
        probes.add(new Probe("Validate must not list the mirror", AwsCall.list("Validate", "mirror", "lab/"), Expect.DENIED));
        probes.add(new Probe("Validate must not read the mirror", AwsCall.s3("Validate", "GetObject", "mirror", "lab/sub-01/x.nii.gz"), Expect.DENIED));
        probes.add(new Probe("Validate must not write the mirror", AwsCall.s3("Validate", "PutObject", "mirror", "lab/sub-01/x.nii.gz"), Expect.DENIED));
        for (String operation : List.of("GetItem", "PutItem", "UpdateItem")) {
            probes.add(new Probe("Validate must not " + operation + " the table", AwsCall.dynamo("Validate", operation, MirrorHarness.TABLE),
                    Expect.DENIED));
        }
        // the key of the bucket, the table (the request_id) and the topic: only through S3 and DynamoDB, as each caller needs
        String key = stack.bucketKey(stack.mirrorBucket()).orElseThrow();
        Map<String, String> roles = stack.roles();
        for (String caller : FUNCTIONS.stream().filter(function -> !function.equals("Validate")).toList()) {
            for (String action : List.of("kms:Decrypt", "kms:GenerateDataKey")) {
                probes.add(new Probe(caller + " must not call " + action + " itself", kms(caller, roles, action, key, null), Expect.DENIED));
            }
        }
        for (String caller : List.of("Plan", "CopyBatch", "Stimuli", "Report", SynthesisedStack.STATE_MACHINE, "LicenceGate", "RunEnd")) {
            for (String service : List.of("s3", "dynamodb")) {
                boolean uses = (service.equals("s3") ? KEY_THROUGH_S3 : KEY_THROUGH_DYNAMODB).contains(caller);
                probes.add(new Probe(caller + (uses ? " may " : " must not ") + "decrypt through " + service,
                        kms(caller, roles, "kms:Decrypt", key, service), uses ? Expect.ALLOWED : Expect.DENIED));
            }
        }
        return probes.stream();
    }
}
