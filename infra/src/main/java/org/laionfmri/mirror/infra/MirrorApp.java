package org.laionfmri.mirror.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** The CDK app: {@code cd infra && npx cdk synth} (or deploy) runs this, with cdk-nag's AwsSolutions checks. Settings come from CDK context. */
public final class MirrorApp {

    private MirrorApp() {}

    public static void main(String[] args) {
        App app = new App();
        // the account and region of the CLI's credentials when it has them (cdk deploy), so synth knows the region and prices it
        new MirrorStack(app, StackSettings.fromContext(app.getNode()), StackProps.builder()
                .env(Environment.builder().account(System.getenv("CDK_DEFAULT_ACCOUNT")).region(System.getenv("CDK_DEFAULT_REGION")).build())
                .description("laion-fmri-mirror: an institution's own copy of the LAION-fMRI dataset").build());
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();
    }
}
