package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.testing.FakeS3;

/** Failures that reached people as dumps or stray lines, each now one line that says what is wrong and what to do. */
class MessagesTest {

    @TempDir
    static Path workspace;
    private static FakeS3 s3;
    private static Path source;

    @BeforeAll
    static void aStoreAndASource() throws IOException {
        s3 = FakeS3.start().put("lab", "README", new byte[1]);
        source = workspace.resolve("source");
        SampleBucket.writeDirectory(source, SampleBucket.nominalEntries().stream().filter(entry -> entry.key().contains("sub-01/ses-04/")
                || !entry.key().contains("/")).toList());
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void anS3EndpointWithoutCredentialsIsOneLineSayingWhatIsLookedForAndNothingIsMade() throws Exception {
        Path home = Files.createDirectories(workspace.resolve("home"));
        Map<String, String> noCredentials = new HashMap<>();
        List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE").forEach(name -> noCredentials.put(name, null));
        noCredentials.putAll(Map.of("HOME", home.toString(), "AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString(),
                "AWS_CONFIG_FILE", home.resolve("no-config").toString()));
        String expected = "laion-mirror: NoCredentials: No credentials were found for s3://lab/ at " + s3.endpoint() + " (looked in"
                + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the Java system properties aws.accessKeyId and aws.secretAccessKey, and the profile"
                + " default of ~/.aws/credentials): set the store's keys there, or name their profile with AWS_PROFILE.\n";

        for (List<String> args : List.of(List.of("sync", "--local", "--source", source.toString(), "--dest", "s3://lab", "--dest-endpoint",
                s3.endpoint().toString(), "--subject", "01", "--ses", "04"), List.of("pull", "--from", "s3://lab", "--from-endpoint",
                s3.endpoint().toString(), "--data-dir", workspace.resolve("data").toString(), "--yes", "--subject", "01"))) {
            try (CommandProcess command = CommandProcess.start(workspace, noCredentials, List.of("-Duser.home=" + home), args.toArray(String[]::new))) {
                assertThat(command.exitCode(Duration.ofMinutes(1))).as(command.err()).isEqualTo(1);
                assertThat(command.err()).isEqualTo(expected);
            }
        }
        try (Stream<Path> made = Files.list(home)) {
            assertThat(made).as("no state folder, no data directory").isEmpty();
        }
        assertThat(workspace.resolve("data")).doesNotExist();
    }

    @Test
    void noLoggingLibrarySaysAnythingOnStderrWhateverThreadsStartFirst() throws Exception {
        Path mirror = workspace.resolve("mirror");
        assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", mirror.toString()).exitCode()).isZero();

        // SLF4J bound slowly, while the mirror's servers start on threads of their own
        try (CommandProcess status = CommandProcess.start(workspace, List.of("-Dslf4j.provider=" + SlowLoggingProvider.class.getName(),
                "-Dslf4j.internal.verbosity=WARN"), "runs", "--local", "--dest", mirror.toString())) {
            assertThat(status.exitCode(Duration.ofMinutes(1))).as(status.err()).isZero();
            assertThat(status.err()).doesNotContain("SLF4J");
        }
    }
}
