package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.client.deployment.LocalDeployment;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.stimuli.AccessServiceClient;

/**
 * A local mirror's state: its secret kept from the researchers the mirror is for and gone after logout,
 * one command at a time, and damage said plainly with nothing changed, never a fresh empty store.
 */
class LocalStateTest {

    private static final String SECRET = "lfm_robustness_secret_4242";

    @TempDir
    Path workspace;
    private Path mirror;

    @BeforeEach
    void makeAMirror() {
        mirror = workspace.resolve("mirror");
        assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", mirror.toString(), "--name", "Ada").exitCode()).isZero();
    }

    @Test
    void theRequestIdIsTheOwnersAloneAndNoFileHoldsItAfterLogoutOrAReplacement() throws IOException {
        assertThat(CommandRun.withInput(SECRET + "\n", "login", "--local", "--dest", mirror.toString()).exitCode()).isZero();

        Path state = mirror.resolve(".laion-mirror");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        assertThat(filesHolding(SECRET)).isNotEmpty().allMatch(file -> file.startsWith(state));

        assertThat(CommandRun.withInput("lfm_the_next_one_0001\n", "login", "--local", "--dest", mirror.toString()).exitCode()).isZero();
        assertThat(filesHolding(SECRET)).as("the replaced request_id").isEmpty();

        CommandRun logout = CommandRun.of("logout", "--local", "--dest", mirror.toString());

        assertThat(logout.exitCode()).isZero();
        assertThat(filesHolding("lfm_the_next_one_0001")).isEmpty();
        assertThat(CommandRun.of("runs", "--local", "--dest", mirror.toString()).exitCode()).as("the rewritten store opens").isZero();
    }

    @Test
    void aSecondCommandOnTheMirrorLearnsAtOnceThatItIsBusy() {
        try (LocalDeployment holding = LocalDeployment.open(MirrorCommand.PUBLIC_SOURCE, new Store.Directory(mirror), AccessServiceClient.DEFAULT_BASE, false)) {
            CommandRun second = CommandRun.of("runs", "--local", "--dest", mirror.toString());

            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.err()).isEqualTo("laion-mirror: MirrorBusy: The mirror " + mirror + " is in use by another laion-mirror command"
                    + " (a sync running on it?): wait for it to end, then run this again.\n");
        }
    }

    @Test
    void aStoreThatLostItsCurrentFileIsDamagedAndLeftAsItWas() throws IOException {
        Files.delete(mirror.resolve(".laion-mirror/state/CURRENT"));
        Map<String, String> before = contents(mirror);

        CommandRun run = CommandRun.of("runs", "--local", "--dest", mirror.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("laion-mirror: StateDamaged: The state of the mirror " + mirror)
                .contains("is damaged (its CURRENT file is missing); nothing was changed. Restore that folder from a backup, or move it aside")
                .hasLineCount(1);
        assertThat(contents(mirror)).isEqualTo(before);
    }

    @Test
    void aStoreWhoseLogIsCorruptedIsDamagedNotSilentlyUnlicensed() throws IOException {
        try (Stream<Path> files = Files.list(mirror.resolve(".laion-mirror/state"))) {
            for (Path log : files.filter(file -> file.toString().endsWith(".log")).toList()) {
                Files.write(log, "this is not a LevelDB log any more".repeat(50).getBytes(StandardCharsets.UTF_8));
            }
        }
        Map<String, String> before = contents(mirror);

        CommandRun run = CommandRun.of("sync", "--local", "--dest", mirror.toString(), "--source", sample().toString(), "--subject", "01");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("laion-mirror: StateDamaged: ").contains("nothing was changed").doesNotContain("LicenseNotAccepted");
        assertThat(contents(mirror)).isEqualTo(before);

        Files.move(mirror.resolve(".laion-mirror"), workspace.resolve("damaged-state"));

        assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", mirror.toString()).exitCode()).as("afresh, knowingly").isZero();
    }

    private Path sample() {
        Path sample = workspace.resolve("sample");
        org.laionfmri.mirror.sample.SampleBucket.writeDirectory(sample, org.laionfmri.mirror.sample.SampleBucket.nominalEntries());
        return sample;
    }

    /** The files under the mirror whose bytes hold {@code text}. */
    private Stream<Path> filesHolding(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(mirror)) {
            return files.filter(Files::isRegularFile).filter(file -> contains(read(file), needle)).toList().stream();
        }
    }

    /** Every file under {@code root} and the sha256 of its bytes. */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().equals("lock"))
                    .forEach(file -> contents.put(root.relativize(file).toString(), Sha256.hex(read(file))));
        }
        return contents;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
