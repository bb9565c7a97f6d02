package org.laionfmri.mirror.client.commands;

import java.net.URI;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where a run on this machine reads the dataset: the public bucket (read unsigned), another bucket, or a directory. */
final class SourceOptions {

    static final String PUBLIC_SOURCE = "s3://" + BucketLocation.PUBLIC_BUCKET;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--source", defaultValue = PUBLIC_SOURCE, paramLabel = "S3URI|DIR",
            description = "Where the dataset is read from on this machine (default: ${DEFAULT-VALUE}, read unsigned in us-west-2).")
    String source;

    @Option(names = "--source-endpoint", paramLabel = "URL", description = "Endpoint of an S3-compatible store holding the source.")
    URI sourceEndpoint;

    /** The source, which must exist when it is a directory. */
    Store store() {
        return Locations.parse(spec.commandLine(), "--source", source, sourceEndpoint, true, false);
    }
}
