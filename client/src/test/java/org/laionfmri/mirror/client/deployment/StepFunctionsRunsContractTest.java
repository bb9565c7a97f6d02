package org.laionfmri.mirror.client.deployment;

import org.junit.jupiter.api.AfterEach;
import org.laionfmri.mirror.engine.StepFunctionsServer;
import org.laionfmri.mirror.local.LocalWorkflow;
import org.laionfmri.mirror.local.RunsContract;
import org.laionfmri.mirror.run.Runs;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Step Functions, through its API: the local engine's, served as AWS serves it. */
class StepFunctionsRunsContractTest extends RunsContract {

    private StepFunctionsServer api;

    @Override
    protected Runs runsOver(LocalWorkflow workflow) {
        api = StepFunctionsServer.start(workflow.engine());
        SfnClient sfn = SfnClient.builder().endpointOverride(api.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        return new StepFunctionsRuns(sfn, workflow.stateMachineArn());
    }

    @AfterEach
    void stopTheApi() {
        api.close();
    }
}
