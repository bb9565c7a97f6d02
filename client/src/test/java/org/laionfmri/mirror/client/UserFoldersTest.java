package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.testing.FakeS3;

/**
 * The folders a command writes outside its mirror and data directory follow the user's environment, as
 * the laion_fmri package's do: {@code $HOME} (never the password database's home alone) and the XDG
 * variables. Each command runs with a {@code user.home} elsewhere, which it must not use.
 */
class UserFoldersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workspace;

    @Test
    void writeConfigWritesWhereThePackageReadsUnderHome() throws Exception {
        Path mirror = workspace.resolve("mirror");
        SampleBucket.writeDirectory(mirror, SampleBucket.nominalEntries().stream().filter(entry -> entry.key().startsWith("derivatives/rois/sub-01/")
                || !entry.key().contains("/")).toList());
        Path home = Files.createDirectories(workspace.resolve("home"));
        Path passwordHome = Files.createDirectories(workspace.resolve("password-home"));
        Path data = workspace.resolve("data");
        Map<String, String> environment = new HashMap<>(Map.of("HOME", home.toString()));
        environment.put("XDG_CONFIG_HOME", null);

        try (CommandProcess pull = CommandProcess.start(workspace, environment, List.of("-Duser.home=" + passwordHome), "pull", "--from",
                mirror.toString(), "--data-dir", data.toString(), "--yes", "--subject", "01", "--write-config")) {
            assertThat(pull.exitCode(Duration.ofMinutes(1))).as(pull.err()).isZero();
        }
        assertThat(JSON.readTree(home.resolve(".config/laion_fmri/config.json").toFile()).path("data_dir").asText()).isEqualTo(data.toString());
        assertThat(entries(passwordHome)).isEmpty();
    }

    @Test
    void aBucketMirrorsStateIsUnderXdgDataHome() throws Exception {
        Path dataHome = workspace.resolve("data-home");
        Path passwordHome = Files.createDirectories(workspace.resolve("password-home"));
        try (FakeS3 s3 = FakeS3.start().put("lab", "README", new byte[1]);
                CommandProcess accept = CommandProcess.start(workspace, Map.of("XDG_DATA_HOME", dataHome.toString(), "AWS_ACCESS_KEY_ID", "lab",
                        "AWS_SECRET_ACCESS_KEY", "lab"), List.of("-Duser.home=" + passwordHome), "accept-license", "--local", "--yes", "--dest",
                        "s3://lab", "--dest-endpoint", s3.endpoint().toString())) {
            assertThat(accept.exitCode(Duration.ofMinutes(2))).as(accept.err()).isZero();
        }
        assertThat(entries(dataHome.resolve("laion-mirror"))).hasSize(1);
        assertThat(entries(passwordHome)).isEmpty();
    }

    private static List<Path> entries(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.toList();
        }
    }
}
