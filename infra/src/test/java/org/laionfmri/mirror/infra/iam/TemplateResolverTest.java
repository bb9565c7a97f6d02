package org.laionfmri.mirror.infra.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The intrinsic functions, on a template small enough to read. */
class TemplateResolverTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TemplateResolver resolver = new TemplateResolver(json("""
            {"Resources": {
              "Mirror1A2B": {"Type": "AWS::S3::Bucket"},
              "Named": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::Sub": "${AWS::AccountId}-named"}}},
              "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "step"}},
              "Live": {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Ref": "Fn"}, "Name": "live"}},
              "Machine": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"StateMachineName": "flow"}},
              "Key": {"Type": "AWS::KMS::Key"},
              "Version": {"Type": "AWS::Lambda::Version", "Properties": {"FunctionName": {"Ref": "Fn"}}},
              "Role": {"Type": "AWS::IAM::Role"},
              "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "state"}},
              "Logs": {"Type": "AWS::Logs::LogGroup"},
              "Topic": {"Type": "AWS::SNS::Topic"},
              "Refresh": {"Type": "AWS::Scheduler::Schedule"}
            }}"""), "Stack", "123456789012", "eu-west-1");

    @Test
    void resolvesRefsAttributesAndPseudoParametersToDeterministicNames() {
        assertThat(resolver.text(json("{\"Ref\": \"Mirror1A2B\"}"))).isEqualTo("stack-mirror1a2b");
        assertThat(resolver.text(json("{\"Fn::GetAtt\": [\"Named\", \"Arn\"]}"))).isEqualTo("arn:aws:s3:::123456789012-named");
        assertThat(resolver.text(json("{\"Ref\": \"Live\"}"))).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:step:live");
        assertThat(resolver.text(json("{\"Ref\": \"Machine\"}"))).isEqualTo("arn:aws:states:eu-west-1:123456789012:stateMachine:flow");
        assertThat(resolver.text(json("{\"Fn::GetAtt\": \"Machine.Name\"}"))).isEqualTo("flow");
        assertThat(resolver.ref("Key")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(resolver.text(json("{\"Fn::GetAtt\": [\"Key\", \"Arn\"]}"))).isEqualTo("arn:aws:kms:eu-west-1:123456789012:key/" + resolver.ref("Key"));
        assertThat(resolver.text(json("{\"Ref\": \"AWS::Partition\"}"))).isEqualTo("aws");
        assertThat(resolver.text(json("{\"Fn::GetAtt\": [\"Version\", \"Version\"]}"))).isEqualTo("1");
        assertThat(resolver.text(json("{\"Fn::GetAtt\": [\"Role\", \"Arn\"]}"))).isEqualTo("arn:aws:iam::123456789012:role/Role");
        assertThat(resolver.text(json("{\"Fn::GetAtt\": [\"Table\", \"Arn\"]}"))).isEqualTo("arn:aws:dynamodb:eu-west-1:123456789012:table/state");
        assertThat(resolver.text(json("{\"Fn::GetAtt\": [\"Logs\", \"Arn\"]}"))).isEqualTo("arn:aws:logs:eu-west-1:123456789012:log-group:Logs:*");
        assertThat(resolver.text(json("{\"Ref\": \"Topic\"}"))).isEqualTo("arn:aws:sns:eu-west-1:123456789012:Topic");
        assertThat(resolver.text(json("{\"Fn::GetAtt\": [\"Refresh\", \"Arn\"]}"))).isEqualTo("arn:aws:scheduler:eu-west-1:123456789012:schedule/default/Refresh");
    }

    @Test
    void resolvesJoinSelectSplitAndSubInsideAnyValue() {
        JsonNode resolved = resolver.resolve(json("""
                {"Statement": [{
                  "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": ["Mirror1A2B", "Arn"]}, "/lab/*"]]},
                  "Region": {"Fn::Select": [3, {"Fn::Split": [":", {"Ref": "Live"}]}]},
                  "Sub": {"Fn::Sub": ["${Bucket}/${!Literal}/${Machine.Name}/${AWS::Region}", {"Bucket": {"Ref": "Mirror1A2B"}}]}
                }]}"""));

        assertThat(resolved).isEqualTo(json("""
                {"Statement": [{
                  "Resource": "arn:aws:s3:::stack-mirror1a2b/lab/*",
                  "Region": "eu-west-1",
                  "Sub": "stack-mirror1a2b/${Literal}/flow/eu-west-1"
                }]}"""));
    }

    @Test
    void refusesWhatItCannotResolve() {
        assertThatThrownBy(() -> resolver.resolve(json("{\"Fn::ImportValue\": \"Other\"}"))).hasMessageContaining("Fn::ImportValue");
        assertThatThrownBy(() -> resolver.resolve(json("{\"Ref\": \"SomeParameter\"}"))).hasMessageContaining("SomeParameter");
        assertThatThrownBy(() -> resolver.resolve(json("{\"Fn::GetAtt\": [\"Mirror1A2B\", \"DomainName\"]}"))).hasMessageContaining("Mirror1A2B.DomainName");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
