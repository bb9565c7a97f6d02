package org.laionfmri.mirror.client.deployment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laionfmri.mirror.run.Runs;
import org.laionfmri.mirror.state.MirrorState;
import org.laionfmri.mirror.state.dynamo.DynamoMirrorState;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import org.laionfmri.mirror.storage.s3.S3ObjectStore;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A deployed stack, found through its CloudFormation outputs (the state machine, the mirror bucket and
 * prefix, the state table, the region) and reached with the SDK's default credentials (the environment,
 * {@code --profile}, SSO, an instance role). Endpoints are AWS's, unless the SDK is configured with
 * others ({@code AWS_ENDPOINT_URL_<SERVICE>}), as for LocalStack.
 */
public final class StackDeployment implements Deployment {

    public static final String DEFAULT_STACK = "LaionFmriMirror";

    /** The outputs the stack declares (infra's MirrorStack): renaming one there breaks the client's tests. */
    static final String STATE_MACHINE_ARN = "StateMachineArn";
    static final String MIRROR_BUCKET = "MirrorBucket";
    static final String MIRROR_PREFIX = "MirrorPrefix";
    static final String STATE_TABLE = "StateTable";
    private static final List<String> REQUIRED_OUTPUTS = List.of(STATE_MACHINE_ARN, MIRROR_BUCKET, STATE_TABLE);

    private final String stackName;
    private final Region region;
    private final BucketLocation mirrorLocation;
    private final Runs runs;
    private final DynamoMirrorState state;
    private final S3ObjectStore mirror;
    private String caller;

    private StackDeployment(String stackName, Region region, Map<String, String> outputs) {
        this.stackName = stackName;
        this.region = region;
        this.mirrorLocation = new BucketLocation(outputs.get(MIRROR_BUCKET), outputs.getOrDefault(MIRROR_PREFIX, ""), null, region, false);
        this.runs = new StepFunctionsRuns(SfnClient.builder().region(region).build(), outputs.get(STATE_MACHINE_ARN));
        this.state = new DynamoMirrorState(DynamoDbClient.builder().region(region).build(), outputs.get(STATE_TABLE));
        this.mirror = S3ObjectStore.builder(mirrorLocation).build();
    }

    /**
     * Finds {@code stackName} in {@code region} (null: the region the AWS configuration names).
     *
     * @throws NoCredentials when the SDK finds no credentials or no region
     * @throws StackNotFound when no such stack exists there, or it lacks the mirror's outputs
     */
    public static StackDeployment locate(String stackName, Region region) {
        Region where = region != null ? region : configuredRegion();
        requireCredentials();
        try (CloudFormationClient cloudFormation = CloudFormationClient.builder().region(where).build()) {
            Stack stack = cloudFormation.describeStacks(describe -> describe.stackName(stackName)).stacks().get(0);
            Map<String, String> outputs = new HashMap<>();
            for (Output output : stack.outputs()) {
                outputs.put(output.outputKey(), output.outputValue());
            }
            for (String required : REQUIRED_OUTPUTS) {
                if (outputs.get(required) == null) {
                    throw new StackNotFound("The stack " + stackName + " in " + where + " is not a laion-fmri-mirror stack, or its deployment has not"
                            + " finished (it has no " + required + " output; its status is " + stack.stackStatusAsString() + ").");
                }
            }
            return new StackDeployment(stackName, where, outputs);
        } catch (AwsServiceException e) {
            if (e.statusCode() == 400 && String.valueOf(e.getMessage()).contains("does not exist")) {
                throw new StackNotFound("No stack named " + stackName + " in " + where + ". Deploy it (cd infra && npx cdk deploy), or name"
                        + " yours with --stack NAME and --region REGION.");
            }
            throw e;
        }
    }

    /** Where the stack's mirror is: its bucket and prefix, for a command that only reads it. */
    public static BucketLocation mirrorOf(String stackName, Region region) {
        try (StackDeployment stack = locate(stackName, region)) {
            return stack.mirrorLocation;
        }
    }

    private static Region configuredRegion() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException noRegion) {
            throw new NoCredentials("No AWS region is configured (looked in AWS_REGION, the profile's region and the instance's): pass"
                    + " --region, or set one with aws configure.");
        }
    }

    private static void requireCredentials() {
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
            credentials.resolveCredentials();
        } catch (SdkClientException none) {
            throw NoCredentials.inAws("", "name a profile with --profile");
        }
    }

    @Override
    public Runs runs() {
        return runs;
    }

    @Override
    public MirrorState state() {
        return state;
    }

    @Override
    public ObjectStore mirror() {
        return mirror;
    }

    /** The caller's IAM identity (STS GetCallerIdentity), asked once. */
    @Override
    public synchronized String caller() {
        if (caller == null) {
            try (StsClient sts = StsClient.builder().region(region).build()) {
                caller = sts.getCallerIdentity().arn();
            }
        }
        return caller;
    }

    @Override
    public Optional<Region> awsRegion() {
        return Optional.of(region);
    }

    @Override
    public String describe() {
        return "the stack " + stackName + " in " + region;
    }

    @Override
    public String locate(String key) {
        return "s3://" + mirrorLocation.bucket() + "/" + mirrorLocation.prefix() + key;
    }

    @Override
    public boolean inProcess() {
        return false;
    }

    @Override
    public void close() {
        runs.close();
        state.close();
        mirror.close();
    }
}
