package org.laionfmri.mirror.client.commands;

import java.net.URI;
import java.util.regex.Pattern;
import org.laionfmri.mirror.client.deployment.StackDeployment;
import org.laionfmri.mirror.client.operations.MirrorTarget;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.stimuli.AccessServiceClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;

/**
 * Which mirror a command acts on, the same flags for every command: a deployed stack (the default;
 * {@code --stack}, {@code --region}, {@code --profile} as the AWS CLI takes them), or with {@code --local}
 * a mirror on this machine named by {@code --dest}.
 */
final class TargetOptions {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--local", description = "A mirror on this machine (the embedded default), named by --dest: no AWS account needed.")
    boolean local;

    @Option(names = "--dest", paramLabel = "S3URI|DIR", description = "With --local: the mirror, s3://bucket[/prefix] or a directory.")
    String dest;

    @Option(names = "--dest-endpoint", paramLabel = "URL", description = "With --local: the endpoint of an S3-compatible store holding the mirror.")
    URI destEndpoint;

    @Option(names = "--stack", paramLabel = "NAME", description = "The deployed stack (default: " + StackDeployment.DEFAULT_STACK + ").")
    String stack;

    @Option(names = "--region", paramLabel = "REGION", description = "The stack's AWS region (default: the AWS configuration's).")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "The AWS configuration profile to use.")
    String profile;

    @Option(names = "--access-service", paramLabel = "URL", hidden = true, description = "The stimulus access service (default: the dataset's).")
    URI accessService = AccessServiceClient.DEFAULT_BASE;

    /** Checks that the options fit together and name something usable; nothing is opened or made. */
    void validate() {
        if (local) {
            if (dest == null) {
                throw new ParameterException(spec.commandLine(), "--local needs --dest: the mirror, a directory or s3://bucket[/prefix]");
            }
            if (stack != null || region != null || profile != null) {
                throw new ParameterException(spec.commandLine(), "--stack, --region and --profile name a deployed stack: leave them out with --local");
            }
            mirrorStore();
            return;
        }
        if (dest != null || destEndpoint != null) {
            throw new ParameterException(spec.commandLine(), "--dest and --dest-endpoint name a mirror on this machine: add --local, or leave them"
                    + " out to use the deployed stack's mirror");
        }
        if (region != null && !REGION.matcher(region).matches()) {
            throw new ParameterException(spec.commandLine(), "--region: \"" + region + "\" is not an AWS region (e.g. us-west-2)");
        }
        if (profile != null && profile.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--profile must not be empty");
        }
    }

    /** The local mirror as a store (a directory that does not exist yet is an empty mirror). */
    Store mirrorStore() {
        return Locations.parse(spec.commandLine(), "--dest", dest, destEndpoint, false, true);
    }

    /** The mirror the options name, checked as {@link #validate()} does; nothing is opened or made. */
    MirrorTarget target() {
        validate();
        if (local) {
            return new MirrorTarget.Local(mirrorStore(), accessService);
        }
        useProfile();
        return new MirrorTarget.Stack(stack != null ? stack : StackDeployment.DEFAULT_STACK, region == null ? null : Region.of(region), accessService);
    }

    /** The mirror the options name, for a command that makes a local one: checked first that it can be made. */
    MirrorTarget targetToMake() {
        requireMakeable();
        return target();
    }

    /**
     * Checks that a local mirror can be made, before its state is: its directory writable, or its bucket
     * there with credentials to sign with (one LIST). Nothing to check for a stack.
     */
    private void requireMakeable() {
        validate();
        if (local) {
            Locations.requireWritable(spec.commandLine(), "--dest", mirrorStore());
            if (mirrorStore() instanceof Store.Bucket bucket) {
                BucketCheck.require(spec.commandLine(), "--dest", bucket.location());
            }
        }
    }

    /** As the AWS CLI's --profile: every provider chain reads the property. */
    private void useProfile() {
        if (profile != null) {
            System.setProperty("aws.profile", profile);
        }
    }

    /** The options that name this mirror again, for the commands a message suggests. */
    String flags() {
        if (local) {
            return "--local --dest " + dest + (destEndpoint == null ? "" : " --dest-endpoint " + destEndpoint);
        }
        return (stack == null ? "" : "--stack " + stack + " ") + (region == null ? "" : "--region " + region + " ")
                + (profile == null ? "" : "--profile " + profile + " ");
    }
}
