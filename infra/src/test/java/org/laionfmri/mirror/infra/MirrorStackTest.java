package org.laionfmri.mirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesised stack, resource by resource. */
class MirrorStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template template;
    private static JsonNode resources;

    @BeforeAll
    static void synthesise() {
        App app = new App(software.amazon.awscdk.AppProps.builder().context(Map.of(
                "stimulusReaders", "arn:aws:iam::123456789012:role/dua-holder",
                "alertEmail", "it@example.org",
                "scheduleRequest", "{\"subjects\": [\"01\"], \"filters\": {\"ses\": \"04\"}}")).build());
        MirrorStack stack = new MirrorStack(app, StackSettings.fromContext(app.getNode()), StackProps.builder().build());
        template = Template.fromStack(stack);
        resources = JSON.valueToTree(template.toJSON()).path("Resources");
    }

    @Test
    void countsTheResources() {
        template.resourceCountIs("AWS::Lambda::Function", 6);
        template.resourceCountIs("AWS::Lambda::Alias", 6);
        template.resourceCountIs("AWS::S3::Bucket", 2);
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
        template.resourceCountIs("AWS::Scheduler::Schedule", 1);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 3);
        template.resourceCountIs("AWS::SNS::Subscription", 1);
    }

    @Test
    void printsTheTemplateForInspection() {
        System.out.println(resources.toPrettyString());
        assertThat(resources.size()).isPositive();
    }
}
