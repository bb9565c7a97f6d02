package org.laionfmri.mirror.local.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.error.MirrorBusy;
import org.laionfmri.mirror.error.StateDamaged;
import org.laionfmri.mirror.state.Lease;
import org.laionfmri.mirror.state.LicenceAcceptance;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import org.laionfmri.mirror.state.StimulusAccess;

/** What the native state file adds to the contract: its format, owner-only modes, the lock, readers, damage, and secrets. */
class FileMirrorStateTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final String MIRROR = "/data/laion-mirror";
    private static final LicenceAcceptance LICENCE = new LicenceAcceptance("local:ada@lab", "Ada", NOW, "0".repeat(64));
    private static final String BUSY = "The mirror " + MIRROR + " is in use by another laion-mirror command (a sync running on it?): wait for it"
            + " to end, then run this again.";

    private final Path mirror;
    private final Path folder;

    FileMirrorStateTest(@TempDir Path mirror) {
        this.mirror = mirror;
        this.folder = mirror.resolve(".laion-mirror");
    }

    @Test
    void aNewStateIsOneFileOfItsOwnFormatInAFolderOfItsOwnersOnly() throws IOException {
        try (FileMirrorState state = FileMirrorState.openForWriting(folder, MIRROR)) {
            state.acceptLicence(LICENCE);
            state.startRun(RunRecord.started("run-1", "{\"subjects\":[\"sub-01\"]}", "ada", NOW));
        }

        assertThat(FileMirrorState.exists(folder)).isTrue();
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("state.json", "lock", "made");
        }
        for (String file : List.of("state.json", "lock", "made")) {
            assertThat(Files.getPosixFilePermissions(folder.resolve(file))).as(file).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        byte[] file = Files.readAllBytes(folder.resolve("state.json"));
        int newline = indexOf(file, (byte) '\n');
        byte[] body = Arrays.copyOfRange(file, newline + 1, file.length);
        assertThat(new String(file, 0, newline, StandardCharsets.US_ASCII))
                .isEqualTo("laion-mirror-state 1 length=" + body.length + " sha256=" + Sha256.hex(body));
        JsonNode json = new ObjectMapper().readTree(body);
        assertThat(json.get("licence").get("name").asText()).isEqualTo("Ada");
        assertThat(json.get("access").isNull()).isTrue();
        assertThat(json.get("runs").get(0).get("runId").asText()).isEqualTo("run-1");
        assertThat(json.get("runs").get(0).get("request").asText()).isEqualTo("{\"subjects\":[\"sub-01\"]}");
    }

    @Test
    void everythingSurvivesAReopen() {
        StimulusAccess access = new StimulusAccess("lfm_reopened", "ada@example.org", "v1", NOW);
        try (FileMirrorState state = FileMirrorState.openForWriting(folder, MIRROR)) {
            state.acceptLicence(LICENCE);
            state.saveAccess(access);
            state.startRun(RunRecord.started("run-1", "{}", null, NOW));
            state.recordPlan("run-1", 3, 30);
            state.addProgress("run-1", 1, 10);
            state.finishRun("run-1", RunStatus.SUCCEEDED, NOW.plusSeconds(5), Map.of("copied", 1L), "_mirror/runs/run-1/report.json", null);
            state.acquireLease("run-2", NOW, NOW.plusSeconds(60));
        }

        try (FileMirrorState reopened = FileMirrorState.openForWriting(folder, MIRROR)) {
            assertThat(reopened.licence()).contains(LICENCE);
            assertThat(reopened.access()).contains(access);
            assertThat(reopened.lease()).contains(new Lease("run-2", NOW.plusSeconds(60)));
            assertThat(reopened.runs()).containsExactly(new RunRecord("run-1", "{}", null, RunStatus.SUCCEEDED, NOW, NOW.plusSeconds(5),
                    Map.of("copied", 1L), "_mirror/runs/run-1/report.json", null, new RunRecord.Progress(3, 30, 1, 10)));
        }
    }

    @Test
    void aFolderWithoutStateHasNoneToReadAndIsLeftAsItWas() throws IOException {
        Files.createDirectories(folder.resolve("metadata"));

        try (FileMirrorState reader = FileMirrorState.openForReading(folder, MIRROR)) {
            assertThat(reader.licence()).isEmpty();
            assertThat(reader.runs()).isEmpty();
        }

        assertThat(FileMirrorState.exists(folder)).isFalse();
        assertThat(FolderBytes.snapshot(folder)).containsOnlyKeys("", "metadata");
    }

    @Test
    void theFolderHoldsOthersEntriesThatAreLeftAlone() throws IOException {
        Files.createDirectories(folder.resolve("tmp"));
        Files.createDirectories(folder.resolve("metadata"));
        Files.writeString(folder.resolve("metadata/sub-01.json"), "{\"size\":3}");
        Files.writeString(folder.resolve("tmp/copy-in-progress"), "partial");

        try (FileMirrorState state = FileMirrorState.openForWriting(folder, MIRROR)) {
            state.saveAccess(new StimulusAccess("lfm_x", "a@example.org", "v1", NOW));
            state.forgetAccess();
        }

        assertThat(Files.readString(folder.resolve("metadata/sub-01.json"))).isEqualTo("{\"size\":3}");
        assertThat(Files.readString(folder.resolve("tmp/copy-in-progress"))).isEqualTo("partial");
    }

    @Test
    void aSecondWriterIsBusyAndTheFirstWritesOn() {
        try (FileMirrorState first = FileMirrorState.openForWriting(folder, MIRROR)) {
            assertThatThrownBy(() -> FileMirrorState.openForWriting(folder, MIRROR)).isInstanceOf(MirrorBusy.class).hasMessage(BUSY);

            first.acceptLicence(LICENCE);
        }
        try (FileMirrorState next = FileMirrorState.openForWriting(folder, MIRROR)) {
            assertThat(next.licence()).contains(LICENCE);
        }
    }

    @Test
    void aWriterRefusedInThisProcessLeavesTheMirrorHeldForEveryOther() throws Exception {
        try (FileMirrorState first = FileMirrorState.openForWriting(folder, MIRROR)) {
            assertThatThrownBy(() -> FileMirrorState.openForWriting(folder, MIRROR)).isInstanceOf(MirrorBusy.class);

            assertThat(inAnotherProcess("try")).isEqualTo(StateHolder.BUSY);
        }
        assertThat(inAnotherProcess("try")).isEqualTo(StateHolder.OPENED);
    }

    @Test
    void aWriterInAnotherProcessHoldsTheMirrorAndAReaderSeesWhatItWrote() throws Exception {
        Process holder = anotherProcess("hold");
        try (BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(output.readLine()).isEqualTo(StateHolder.HOLDING);

            assertThatThrownBy(() -> FileMirrorState.openForWriting(folder, MIRROR)).isInstanceOf(MirrorBusy.class).hasMessage(BUSY);
            try (FileMirrorState reader = FileMirrorState.openForReading(folder, MIRROR)) {
                assertThat(reader.run(StateHolder.RUN).map(RunRecord::status)).contains(RunStatus.RUNNING);
                assertThat(reader.lease().map(Lease::runId)).contains(StateHolder.RUN);
            }

            holder.getOutputStream().close(); // the holder closes its state and ends
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            holder.destroyForcibly();
        }
        try (FileMirrorState next = FileMirrorState.openForWriting(folder, MIRROR)) {
            assertThat(next.run(StateHolder.RUN).map(RunRecord::status)).contains(RunStatus.RUNNING);
        }
    }

    @Test
    void aReaderSeesWhatTheWriterWritesWhileItHoldsTheMirror() throws InterruptedException {
        try (FileMirrorState writer = FileMirrorState.openForWriting(folder, MIRROR);
                FileMirrorState reader = FileMirrorState.openForReading(folder, MIRROR)) {
            assertThat(reader.runs()).isEmpty();

            writer.startRun(RunRecord.started("run-1", "{}", "ada", NOW));
            writer.recordPlan("run-1", 10, 1_000);
            assertThat(reader.run("run-1").map(RunRecord::progress)).contains(new RunRecord.Progress(10, 1_000, 0, 0));

            writer.addProgress("run-1", 4, 400);
            writer.addProgress("run-1", 1, 100);
            // progress alone reaches the file within a few seconds, with no other change to carry it
            assertThat(eventually(() -> reader.run("run-1").orElseThrow().progress().copied(), 5L)).isEqualTo(5L);
            assertThat(reader.run("run-1").orElseThrow().progress()).isEqualTo(new RunRecord.Progress(10, 1_000, 5, 500));

            writer.addProgress("run-1", 5, 500);
            writer.finishRun("run-1", RunStatus.SUCCEEDED, NOW.plusSeconds(9), Map.of("copied", 10L), null, null);
            assertThat(reader.run("run-1").orElseThrow().progress()).isEqualTo(new RunRecord.Progress(10, 1_000, 10, 1_000));
            assertThat(reader.run("run-1").map(RunRecord::status)).contains(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void progressNotYetWrittenIsWrittenOnClose() {
        try (FileMirrorState writer = FileMirrorState.openForWriting(folder, MIRROR)) {
            writer.startRun(RunRecord.started("run-1", "{}", "ada", NOW));
            writer.addProgress("run-1", 2, 20);
        }

        try (FileMirrorState reader = FileMirrorState.openForReading(folder, MIRROR)) {
            assertThat(reader.run("run-1").orElseThrow().progress()).isEqualTo(new RunRecord.Progress(-1, -1, 2, 20));
        }
    }

    @Test
    void aReaderCannotWrite() {
        try (FileMirrorState reader = FileMirrorState.openForReading(folder, MIRROR)) {
            assertThatThrownBy(() -> reader.acceptLicence(LICENCE)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("opened for reading");
        }
        assertThat(folder).doesNotExist();
    }

    @Test
    void runsLeftRunningWereInterruptedAndTheirLeaseIsCleared() {
        try (FileMirrorState state = FileMirrorState.openForWriting(folder, MIRROR)) {
            state.startRun(RunRecord.started("done", "{}", "ada", NOW));
            state.finishRun("done", RunStatus.SUCCEEDED, NOW.plusSeconds(1), Map.of("copied", 1L), null, null);
            state.startRun(RunRecord.started("killed", "{}", "ada", NOW.plusSeconds(2)));
            state.addProgress("killed", 3, 300);
            state.acquireLease("killed", NOW, NOW.plusSeconds(3600));
        }

        try (FileMirrorState next = FileMirrorState.openForWriting(folder, MIRROR)) {
            assertThat(next.abandonInterruptedRuns(NOW.plusSeconds(60))).containsExactly("killed");

            assertThat(next.run("killed")).contains(new RunRecord("killed", "{}", "ada", RunStatus.ABORTED, NOW.plusSeconds(2), NOW.plusSeconds(60),
                    Map.of("copied", 3L, "bytesCopied", 300L), null, "Interrupted", new RunRecord.Progress(-1, -1, 3, 300)));
            assertThat(next.run("done").map(RunRecord::status)).contains(RunStatus.SUCCEEDED);
            assertThat(next.lease()).isEmpty();
            assertThat(next.abandonInterruptedRuns(NOW.plusSeconds(61))).isEmpty();
        }
    }

    @Test
    void aReplacedOrForgottenRequestIdIsInNoFileOfTheFolder() throws IOException {
        try (FileMirrorState state = FileMirrorState.openForWriting(folder, MIRROR)) {
            state.saveAccess(new StimulusAccess("lfm_first_secret", "a@example.org", "v1", NOW));
            assertThat(FolderBytes.filesContaining(folder, "lfm_first_secret")).containsExactly("state.json");

            state.saveAccess(new StimulusAccess("lfm_second_secret", "a@example.org", "v1", NOW.plusSeconds(1)));
            assertThat(FolderBytes.filesContaining(folder, "lfm_first_secret")).isEmpty();
            assertThat(FolderBytes.filesContaining(folder, "lfm_second_secret")).containsExactly("state.json");

            state.forgetAccess();
        }

        assertThat(FolderBytes.filesContaining(mirror, "lfm_second_secret")).isEmpty();
        assertThat(FolderBytes.filesContaining(mirror, "lfm_")).isEmpty();
    }

    @Test
    void aTemporaryFileLeftByAKilledWriteIsRemovedByTheNextWriter() throws IOException {
        try (FileMirrorState state = FileMirrorState.openForWriting(folder, MIRROR)) {
            state.acceptLicence(LICENCE);
        }
        // what a write killed before its rename leaves: a whole or partial state holding a request_id since forgotten
        Files.writeString(folder.resolve("state.json.tmp"),
                "laion-mirror-state 1 length=900 sha256=00\n{\"access\":{\"requestId\":\"lfm_left_behind\"");

        try (FileMirrorState reader = FileMirrorState.openForReading(folder, MIRROR)) {
            assertThat(reader.licence()).contains(LICENCE);
        }
        assertThat(folder.resolve("state.json.tmp")).exists();
        try (FileMirrorState next = FileMirrorState.openForWriting(folder, MIRROR)) {
            assertThat(next.licence()).contains(LICENCE);
        }

        assertThat(folder.resolve("state.json.tmp")).doesNotExist();
        assertThat(FolderBytes.filesContaining(folder, "lfm_left_behind")).isEmpty();
    }

    @Test
    void aTruncatedStateIsDamagedAndLeftAsItWas() throws IOException {
        Path file = madeState();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 40));

        assertDamaged("its state.json is truncated (");
    }

    @Test
    void aStateWithAByteChangedIsDamagedAndLeftAsItWas() throws IOException {
        Path file = madeState();
        byte[] bytes = Files.readAllBytes(file);
        int at = new String(bytes, StandardCharsets.US_ASCII).indexOf("Ada");
        bytes[at] = 'E';
        Files.write(file, bytes);

        assertDamaged("its state.json does not match its checksum (some of its bytes were changed)");
    }

    @Test
    void aStateGrownAtItsEndIsDamaged() throws IOException {
        Path file = madeState();
        Files.writeString(file, "\n", StandardOpenOption.APPEND);

        assertDamaged("its state.json has 1 bytes more than its header announces");
    }

    @Test
    void aRemovedStateIsDamagedNeverAFreshOne() throws IOException {
        Files.delete(madeState());

        assertDamaged("its state.json is missing");
        assertThat(FileMirrorState.exists(folder)).isTrue();
    }

    @Test
    void aStateReplacedByAFolderIsDamaged() throws IOException {
        Path file = madeState();
        Files.delete(file);
        Files.createDirectory(file);

        assertDamaged("its state.json is a folder, not a file");
    }

    @Test
    void anEmptyStateIsDamaged() throws IOException {
        Files.write(madeState(), new byte[0]);

        assertDamaged("its state.json is empty");
    }

    @Test
    void aStateWithAValidChecksumButNoStateInItIsDamaged() throws IOException {
        byte[] body = "{\"runs\":[{\"runId\":\"run-1\"}]}".getBytes(StandardCharsets.UTF_8);
        writeWithHeader(madeState(), "laion-mirror-state 1 length=" + body.length + " sha256=" + Sha256.hex(body), body);

        assertDamaged("its state.json holds no valid state: licence is not an object");
    }

    @Test
    void aFileThatIsNoStateFileIsDamaged() throws IOException {
        Files.writeString(madeState(), "{\"licence\":null}");

        assertDamaged("its state.json is not a laion-mirror state file (it does not start with laion-mirror-state)");
    }

    @Test
    void aStateOfANewerFormatIsRefusedWithoutAdviceToMoveItAside() throws IOException {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        writeWithHeader(madeState(), "laion-mirror-state 2 length=" + body.length + " sha256=" + Sha256.hex(body), body);
        Map<String, String> before = FolderBytes.snapshot(folder);

        assertThatThrownBy(() -> FileMirrorState.openForWriting(folder, MIRROR)).isInstanceOf(StateDamaged.class)
                .hasMessage("The state of the mirror " + MIRROR + " in " + folder + " was written by a newer laion-mirror (its state.json is in state"
                        + " format 2, newer than this laion-mirror's (1)); nothing was changed. Use that version, or a later one, on this mirror.");
        assertThat(FolderBytes.snapshot(folder)).isEqualTo(before);
    }

    @Test
    void anUnreadableStateIsSaidSoNotMissing() throws IOException {
        // chmod does not stop root from reading a file: as root (as in CI's container) this case cannot be made, and is skipped
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "running as root, whom chmod 000 does not stop from reading");
        Path file = madeState();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        try {
            assertDamaged("its state.json cannot be read (permission denied)");
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void aStateFolderThatIsALinkIsNotFollowed() throws IOException {
        Path elsewhere = Files.createDirectories(mirror.resolve("elsewhere"));
        Files.createSymbolicLink(folder, elsewhere);

        assertThatThrownBy(() -> FileMirrorState.openForWriting(folder, MIRROR)).isInstanceOf(StateDamaged.class)
                .hasMessageContaining("is damaged (it is a link, which laion-mirror does not follow)");
        assertThatThrownBy(() -> FileMirrorState.openForReading(folder, MIRROR)).isInstanceOf(StateDamaged.class)
                .hasMessageContaining("is damaged (it is a link, which laion-mirror does not follow)");
        assertThat(elsewhere).isEmptyDirectory();
    }

    /** Another laion-mirror command on this state ({@link StateHolder} in a JVM of its own), doing {@code what}. */
    private Process anotherProcess(String what) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                StateHolder.class.getName(), what, folder.toString()).redirectErrorStream(true).start();
    }

    /** What another command doing {@code what} said, once it ended. */
    private String inAnotherProcess(String what) throws IOException, InterruptedException {
        Process process = anotherProcess(what);
        process.getOutputStream().close();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return said;
    }

    /** Makes a state with a licence, an access and a run, and returns its file. */
    private Path madeState() {
        try (FileMirrorState state = FileMirrorState.openForWriting(folder, MIRROR)) {
            state.acceptLicence(LICENCE);
            state.saveAccess(new StimulusAccess("lfm_damaged", "a@example.org", "v1", NOW));
            state.startRun(RunRecord.started("run-1", "{}", "ada", NOW));
        }
        return folder.resolve("state.json");
    }

    /** Opening the state for writing and for reading is StateDamaged for {@code reason}, and changes no byte of the folder. */
    private void assertDamaged(String reason) throws IOException {
        Map<String, String> before = FolderBytes.snapshot(folder);
        String expected = "The state of the mirror " + MIRROR + " (licence acceptance, stimulus access, run history) in " + folder + " is damaged ("
                + reason;
        String advice = "; nothing was changed. Restore that folder from a backup, or move it aside to start afresh: then accept the licence"
                + " and log in again (the reports of earlier runs stay in the mirror's _mirror/runs/).";

        assertThatThrownBy(() -> FileMirrorState.openForWriting(folder, MIRROR)).isInstanceOf(StateDamaged.class)
                .hasMessageStartingWith(expected).hasMessageEndingWith(advice).hasMessageNotContaining("\n");
        assertThatThrownBy(() -> FileMirrorState.openForReading(folder, MIRROR)).isInstanceOf(StateDamaged.class)
                .hasMessageStartingWith(expected).hasMessageEndingWith(advice);
        assertThat(FolderBytes.snapshot(folder)).isEqualTo(before);
        // and the lock was given back: the damage is said again, not MirrorBusy
        assertThatThrownBy(() -> FileMirrorState.openForWriting(folder, MIRROR)).isInstanceOf(StateDamaged.class);
    }

    private static void writeWithHeader(Path file, String header, byte[] body) throws IOException {
        byte[] headerBytes = (header + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = Arrays.copyOf(headerBytes, headerBytes.length + body.length);
        System.arraycopy(body, 0, bytes, headerBytes.length, body.length);
        Files.write(file, bytes);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** What {@code value} gives once it gives {@code wanted}, or at the end of a minute: a bound on waiting, not a measure of time. */
    private static <T> T eventually(Supplier<T> value, T wanted) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(1));
        T seen = value.get();
        while (!wanted.equals(seen) && Instant.now().isBefore(giveUp)) {
            Thread.sleep(100);
            seen = value.get();
        }
        return seen;
    }
}
