package org.laionfmri.mirror.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laionfmri.mirror.engine.Sleeper;
import org.laionfmri.mirror.engine.StepFunctionsServer;
import org.laionfmri.mirror.infra.MirrorStack;
import org.laionfmri.mirror.infra.StackSettings;
import org.laionfmri.mirror.local.LocalWorkflow;
import org.laionfmri.mirror.testing.AccessServiceStub;
import org.laionfmri.mirror.testing.MirrorHarness;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * A deployed stack as the client finds it, on this machine: the workflow on the local engine behind its
 * Step Functions API, the mirror on S3Proxy, the table on dynalite, the access service's stub, and
 * CloudFormation and STS answering with the outputs the synthesised {@link MirrorStack} declares. The
 * client reaches each through the AWS SDK's per-service endpoint settings ({@code aws.endpointUrl*}), as
 * it would reach LocalStack: the same code path as against AWS.
 */
final class EmbeddedStackDeployment implements AutoCloseable {

    static final String STACK = StackSettings.DEFAULT_STACK_NAME;
    static final String REGION = "us-east-1";
    private static final List<String> PROPERTIES = List.of("aws.endpointUrlCloudFormation", "aws.endpointUrlSts", "aws.endpointUrlSfn",
            "aws.endpointUrlS3", "aws.endpointUrlDynamoDb", "aws.region", "aws.accessKeyId", "aws.secretAccessKey", "aws.disableEc2Metadata");

    final MirrorHarness harness;
    final AccessServiceStub accessService;
    final LocalWorkflow workflow;
    private final StepFunctionsServer api;
    private final AwsQueryStub cloudFormationAndSts;

    EmbeddedStackDeployment(Path workspace) throws IOException {
        harness = MirrorHarness.start(workspace);
        harness.writeSample();
        accessService = AccessServiceStub.serving(Map.of("task-images_stimuli.h5", "pixels".getBytes(StandardCharsets.UTF_8),
                "task-images_metadata.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8)));
        workflow = new LocalWorkflow(harness.wiring(accessService.baseUri()), Clock.systemUTC(), Sleeper.REAL, 4);
        api = StepFunctionsServer.start(workflow.engine());
        cloudFormationAndSts = new AwsQueryStub(STACK, outputs(Files.write(workspace.resolve("functions.jar"), new byte[0])));
        System.setProperty("aws.endpointUrlCloudFormation", cloudFormationAndSts.endpoint().toString());
        System.setProperty("aws.endpointUrlSts", cloudFormationAndSts.endpoint().toString());
        System.setProperty("aws.endpointUrlSfn", api.endpoint().toString());
        System.setProperty("aws.endpointUrlS3", harness.mirror().endpoint().toString());
        System.setProperty("aws.endpointUrlDynamoDb", harness.config(accessService.baseUri()).tableEndpoint().toString());
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.accessKeyId", "embedded");
        System.setProperty("aws.secretAccessKey", "embedded");
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    /** The settings that point a client in another JVM at this deployment, as {@code -Dname=value} arguments. */
    List<String> clientSettings() {
        return PROPERTIES.stream().map(name -> "-D" + name + "=" + System.getProperty(name)).toList();
    }

    /** The outputs the synthesised stack declares, each given this deployment's value: a renamed output reaches the client renamed. */
    private Map<String, String> outputs(Path lambdaJar) {
        Map<String, String> values = Map.of("StateMachineArn", workflow.stateMachineArn(), "MirrorBucket", harness.mirror().bucket(),
                "MirrorPrefix", harness.mirror().prefix(), "StateTable", MirrorHarness.TABLE, "Region", REGION);
        App app = new App(AppProps.builder().context(Map.of("lambdaJar", lambdaJar.toString())).build()); // the outputs need no real code
        Map<String, Object> declared = castToMap(Template.fromStack(new MirrorStack(app, StackSettings.fromContext(app.getNode()),
                StackProps.builder().build())).toJSON().get("Outputs"));
        Map<String, String> outputs = new LinkedHashMap<>();
        declared.keySet().forEach(name -> outputs.put(name, values.getOrDefault(name, "not-used-by-the-client")));
        return outputs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castToMap(Object value) {
        return (Map<String, Object>) value;
    }

    @Override
    public void close() {
        PROPERTIES.forEach(System::clearProperty);
        cloudFormationAndSts.close();
        api.close();
        workflow.close();
        accessService.close();
        harness.close();
    }
}
