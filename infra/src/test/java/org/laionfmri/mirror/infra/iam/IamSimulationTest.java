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
 * every call of the workflow, as recorded from real runs on the embedded stack ({@link RecordedRun}), is
 * allowed, what no step may do is refused (by the policy that should refuse it), and the deployed
 * definition is valid Amazon States Language.
 */
class IamSimulationTest {

    private static final String RESEARCHER = "arn:aws:iam::" + SynthesisedStack.ACCOUNT + ":role/researcher";
    private static final List<String> FUNCTIONS = List.of("Validate", "LicenceGate", "Plan", "CopyBatch", "Stimuli", "Report");
    private static final String STIMULUS_IMAGES = "lab/stimuli/task-images_stimuli.h5";

    private static SynthesisedStack stack;
    private static Map<String, String> deployedNames;
    private static RequiredPermissions permissions;
    private static IamSimulator simulator;
    private static Map<Probe, List<IamOutcome>> probeOutcomes;
    private static List<AwsCall> recordedCalls;

    /** What must not be allowed, or (to show a refusal is not blanket) must be: the call, and the decision expected. */
    record Probe(String name, AwsCall call, Expect expected) {
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
    }

    @Test
    void everyCallOfTheWorkflowIsAllowed() {
        assertAllowed(recordedCalls);
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

    /**
     * Evaluates the checks of {@code calls} (recorded, with the embedded stack's bucket and table names)
     * and the static ones, and fails listing every check that is not allowed, one line each.
     */
    private static void assertAllowed(List<AwsCall> calls) {
        List<IamCheck> checks = new ArrayList<>(permissions.checksFor(calls, deployedNames));
        int fromCalls = checks.size();
        checks.addAll(StaticChecks.of(stack, permissions));
        List<IamOutcome> outcomes = simulator.evaluate(checks);

        System.out.printf("IAM simulation: %d recorded calls %s -> %d checks, and %d static checks; checks by caller: %s%n", calls.size(),
                countBy(calls.stream().map(AwsCall::caller)), fromCalls, checks.size() - fromCalls,
                countBy(checks.stream().map(IamCheck::caller)));
        assertThat(outcomes.stream().filter(outcome -> !outcome.allowed()).map(IamOutcome::line).distinct()).isEmpty(); // a call repeats across runs
    }

    private static Map<String, Long> countBy(Stream<String> callers) {
        return callers.collect(Collectors.groupingBy(caller -> caller, TreeMap::new, Collectors.counting()));
    }

    /** Each probe's outcomes, all evaluated in one node process. */
    private static Map<Probe, List<IamOutcome>> evaluate(List<Probe> probes) {
        List<IamCheck> checks = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Probe probe : probes) {
            List<IamCheck> ofProbe = permissions.checksFor(probe.call(), deployedNames);
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
        return probes.stream();
    }
}
