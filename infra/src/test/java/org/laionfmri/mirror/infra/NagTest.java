package org.laionfmri.mirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag's AwsSolutions rules on the stack: no unsuppressed error, nor warning. */
class NagTest {

    @Test
    void passesTheAwsSolutionsChecks() {
        App app = new App();
        MirrorStack stack = new MirrorStack(app, StackSettings.fromContext(app.getNode()), StackProps.builder().build());
        Aspects.of(app).add(new AwsSolutionsChecks());
        Annotations annotations = Annotations.fromStack(stack);

        List<SynthesisMessage> errors = annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        List<SynthesisMessage> warnings = annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(errors.stream().map(message -> message.getId() + " " + message.getEntry().getData()).toList()).isEmpty();
        assertThat(warnings.stream().map(message -> message.getId() + " " + message.getEntry().getData()).toList()).isEmpty();
    }
}
