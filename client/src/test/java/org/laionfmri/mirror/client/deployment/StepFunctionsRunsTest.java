package org.laionfmri.mirror.client.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;

/** Where a run's time went is read from its history of state names and times only. */
class StepFunctionsRunsTest {

    @Test
    void asksForTheHistoryWithoutTheExecutionsData() {
        List<GetExecutionHistoryRequest> asked = new CopyOnWriteArrayList<>();
        ExecutionInterceptor recordThenStop = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                asked.add((GetExecutionHistoryRequest) context.request());
                throw new IllegalStateException("recorded; nothing is sent");
            }
        };
        try (SfnClient workflow = SfnClient.builder().region(Region.US_WEST_2).endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(config -> config.addExecutionInterceptor(recordThenStop)).build()) {
            StepFunctionsRuns runs = new StepFunctionsRuns(workflow, "arn:aws:states:us-west-2:123456789012:stateMachine:LaionFmriMirror-workflow");
            assertThatThrownBy(() -> runs.phases("run-1")).hasMessageContaining("recorded; nothing is sent");
        }

        assertThat(asked).singleElement().satisfies(request -> assertThat(request.includeExecutionData()).isFalse());
    }
}
