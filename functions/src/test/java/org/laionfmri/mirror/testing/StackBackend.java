package org.laionfmri.mirror.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import software.amazon.awssdk.regions.Region;

/**
 * What the integration tests run against: a source and a mirror bucket and a DynamoDB API. The system
 * property {@value #SWITCH} chooses: {@code embedded} (default; S3Proxy and dynalite in this JVM's
 * reach) or {@code localstack} (LocalStack through Testcontainers, skipped with a reason where no
 * Docker engine runs).
 */
public interface StackBackend extends AutoCloseable {

    String SWITCH = "mirror.backend";

    BucketLocation source();

    BucketLocation mirror();

    URI tableEndpoint();

    Region region();

    /** S3's faults on demand; only the embedded S3 can inject them. */
    Optional<FaultyStore> faults();

    @Override
    void close();

    static StackBackend start(Path workspace, long singlePartLimit) {
        String backend = System.getProperty(SWITCH, "embedded");
        return switch (backend) {
            case "embedded" -> EmbeddedStack.start(workspace, singlePartLimit);
            case "localstack" -> LocalStackStack.start();
            default -> throw new IllegalArgumentException(SWITCH + " must be embedded or localstack, not " + backend);
        };
    }
}
