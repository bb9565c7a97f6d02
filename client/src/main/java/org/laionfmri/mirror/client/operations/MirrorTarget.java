package org.laionfmri.mirror.client.operations;

import java.net.URI;
import org.laionfmri.mirror.client.deployment.Deployment;
import org.laionfmri.mirror.client.deployment.LocalDeployment;
import org.laionfmri.mirror.client.deployment.StackDeployment;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.stimuli.AccessServiceClient;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import software.amazon.awssdk.regions.Region;

/** Which mirror an operation acts on: a deployed stack, or a mirror on this machine; and the stimulus access service it uses. */
public sealed interface MirrorTarget permits MirrorTarget.Stack, MirrorTarget.Local {

    /** The source of an operation that copies nothing: a run on this machine would read the public bucket. */
    Store PUBLIC_SOURCE = new Store.Bucket(BucketLocation.PUBLIC_SOURCE);

    /** Opens the mirror's deployment to act on it, copying from {@code source}; a local mirror is made when {@code create}, else it must exist. */
    Deployment open(Store source, boolean create);

    /** Opens the mirror's deployment to read its runs, even while another command runs on a local mirror. */
    Deployment read();

    /** The mirror to read from: the local one as named (it must have been made), or the deployed stack's bucket. */
    Store readableMirror();

    URI accessService();

    /** The stimulus access service: the one place the client builds its client. */
    default AccessServiceClient accessServiceClient() {
        return AccessServiceClient.at(accessService());
    }

    /** A deployed stack, found by its name in {@code region} (null: the AWS configuration's). */
    record Stack(String name, Region region, URI accessService) implements MirrorTarget {

        @Override
        public Deployment open(Store source, boolean create) {
            return read();
        }

        @Override
        public Deployment read() {
            return StackDeployment.locate(name, region);
        }

        @Override
        public Store readableMirror() {
            return new Store.Bucket(StackDeployment.mirrorOf(name, region));
        }
    }

    /** A mirror on this machine: a directory or a bucket, with its state kept beside it. */
    record Local(Store mirror, URI accessService) implements MirrorTarget {

        @Override
        public Deployment open(Store source, boolean create) {
            return LocalDeployment.open(source, mirror, accessService, create);
        }

        @Override
        public Deployment read() {
            return LocalDeployment.read(mirror, accessService);
        }

        @Override
        public Store readableMirror() {
            return LocalDeployment.existing(mirror);
        }
    }
}
