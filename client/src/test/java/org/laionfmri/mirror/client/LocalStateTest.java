package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.client.deployment.LocalDeployment;
import org.laionfmri.mirror.client.operations.MirrorTarget;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.stimuli.AccessServiceClient;

/**
 * A local mirror's state, through the command line: its secret kept from the researchers the mirror is
 * for and gone after logout, one command writing at a time while others read, and damage said plainly
 * with nothing changed, never a fresh empty state.
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
        assertThat(CommandRun.of("runs", "--local", "--dest", mirror.toString()).exitCode()).as("the rewritten state opens").isZero();
    }

    @Test
    void aSecondCommandThatWritesLearnsAtOnceThatTheMirrorIsBusyWhileReadingGoesOn() {
        try (LocalDeployment holding = LocalDeployment.open(MirrorTarget.PUBLIC_SOURCE, new Store.Directory(mirror), AccessServiceClient.DEFAULT_BASE, false)) {
            CommandRun second = CommandRun.withInput("lfm_while_busy_0001\n", "login", "--local", "--dest", mirror.toString());
            CommandRun reading = CommandRun.of("runs", "--local", "--dest", mirror.toString());

            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.err()).isEqualTo("laion-mirror: MirrorBusy: The mirror " + mirror + " is in use by another laion-mirror command"
                    + " (a sync running on it?): wait for it to end, then run this again.\n");
            assertThat(reading.exitCode()).as(reading.err()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void aDamagedStateIsSaidInOneLineAndLeftAsItWas(String damage, StateDamage apply, String reason) throws IOException {
        apply.to(mirror.resolve(".laion-mirror/state.json"));
        Map<String, String> before = contents(mirror);

        CommandRun sync = CommandRun.of("sync", "--local", "--dest", mirror.toString(), "--source", sample().toString(), "--subject", "01");
        CommandRun runs = CommandRun.of("runs", "--local", "--dest", mirror.toString());

        for (CommandRun run : List.of(sync, runs)) {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("laion-mirror: StateDamaged: The state of the mirror " + mirror).contains(reason)
                    .contains("nothing was changed. Restore that folder from a backup, or move it aside").doesNotContain("LicenseNotAccepted")
                    .hasLineCount(1);
        }
        assertThat(contents(mirror)).isEqualTo(before);
    }

    static Stream<Arguments> damages() {
        return Stream.of(
                Arguments.of("truncated", (StateDamage) file -> Files.write(file, Arrays.copyOf(Files.readAllBytes(file), Files.readAllBytes(file).length - 7)),
                        "is truncated"),
                Arguments.of("a byte flipped", (StateDamage) file -> {
                    byte[] bytes = Files.readAllBytes(file);
                    bytes[bytes.length - 3] ^= 0x20;
                    Files.write(file, bytes);
                }, "does not match its checksum"),
                Arguments.of("removed", (StateDamage) Files::delete, "state.json"),
                Arguments.of("replaced by a folder", (StateDamage) file -> {
                    Files.delete(file);
                    Files.createDirectory(file);
                }, "is a folder, not a file"));
    }

    /** What a test does to the state file. */
    interface StateDamage {
        void to(Path stateFile) throws IOException;
    }

    @Test
    void aStateMovedAsideIsStartedAfreshKnowingly() throws IOException {
        Files.move(mirror.resolve(".laion-mirror"), workspace.resolve("damaged-state"));

        assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", mirror.toString()).exitCode()).isZero();
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
