package org.laionfmri.mirror.testing;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import org.laionfmri.mirror.storage.s3.RequestCounter;
import org.laionfmri.mirror.storage.s3.S3Clients;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** LocalStack (S3 and DynamoDB) in a container; the tests that use it are skipped where no Docker engine runs. */
record LocalStackStack(LocalStackContainer container, BucketLocation source, BucketLocation mirror) implements StackBackend {

    private static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.9");

    static LocalStackStack start() {
        Assumptions.assumeTrue(DockerAvailability.AVAILABLE, "the LocalStack tier needs a Docker engine, and none runs here: skipped");
        LocalStackContainer container = new LocalStackContainer(IMAGE).withServices("s3", "dynamodb");
        container.start();
        // the mirror is written with the default credential chain, as in AWS: LocalStack takes any keys
        System.setProperty("aws.accessKeyId", container.getAccessKey());
        System.setProperty("aws.secretAccessKey", container.getSecretKey());
        Region region = Region.of(container.getRegion());
        LocalStackStack stack = new LocalStackStack(container, new BucketLocation("source", "", container.getEndpoint(), region, true),
                new BucketLocation("mirror", "", container.getEndpoint(), region, false));
        try (S3Client s3 = S3Clients.create(stack.mirror, new RequestCounter())) {
            s3.createBucket(create -> create.bucket(stack.source.bucket()));
            s3.createBucket(create -> create.bucket(stack.mirror.bucket()));
        }
        return stack;
    }

    @Override
    public URI tableEndpoint() {
        return container.getEndpoint();
    }

    @Override
    public Region region() {
        return Region.of(container.getRegion());
    }

    @Override
    public Optional<FaultyStore> faults() {
        return Optional.empty();
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "LocalStack " + IMAGE.getVersionPart();
    }

    /** Probed once per JVM: the probe takes a while where there is no engine. */
    private static final class DockerAvailability {
        static final boolean AVAILABLE = DockerClientFactory.instance().isDockerAvailable();
    }
}
