package org.laionfmri.mirror.local.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.error.StateDamaged;
import org.laionfmri.mirror.state.Lease;
import org.laionfmri.mirror.state.LicenceAcceptance;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import org.laionfmri.mirror.state.StimulusAccess;
import org.laionfmri.mirror.state.dynamo.DynamoMirrorState;
import org.laionfmri.mirror.testing.LocalDynamo;

/**
 * A mirror made by the earlier version, whose state is dynalite's LevelDB folder {@code state/} beside
 * {@code made} and {@code licence-accepted}, made here as that version made it (dynalite, a test
 * fixture, through the DynamoDB backend), then opened by this one: moved over whole, without Node.js.
 */
class FileMirrorStateMigrationTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final String MIRROR = "/data/laion-mirror";
    private static final LicenceAcceptance LICENCE = new LicenceAcceptance("local:ada@lab", "Ada Lovelace", NOW, "a".repeat(64));

    private final Path mirror;
    private final Path folder;

    FileMirrorStateMigrationTest(@TempDir Path mirror) {
        this.mirror = mirror;
        this.folder = mirror.resolve(".laion-mirror");
    }

    /** What the earlier version held, as its own backend read it. */
    private record Held(Optional<LicenceAcceptance> licence, Optional<StimulusAccess> access, Optional<Lease> lease, List<RunRecord> runs) {}

    @Test
    void everythingTheEarlierStoreHeldIsMovedOverAndTheStoreRemoved() throws IOException {
        Held held = earlierStore(table -> {
            table.acceptLicence(LICENCE);
            table.saveAccess(new StimulusAccess("lfm_replaced_secret", "ada@example.org", "v1", NOW));
            table.startRun(RunRecord.started("2026-11-24T08-00-00Z-a", "{\"subjects\":\"all\"}", "ada", NOW.minusSeconds(86_400)));
            table.recordPlan("2026-11-24T08-00-00Z-a", 2, 200);
            table.addProgress("2026-11-24T08-00-00Z-a", 2, 200);
            table.finishRun("2026-11-24T08-00-00Z-a", RunStatus.SUCCEEDED, NOW.minusSeconds(86_000), Map.of("copied", 2L, "bytesCopied", 200L),
                    "_mirror/runs/2026-11-24T08-00-00Z-a/report.json", null);
        }, table -> {
            table.saveAccess(new StimulusAccess("lfm_current_secret", "ada@example.org", "v2", NOW.plusSeconds(1)));
            table.startRun(RunRecord.started("2026-11-25T07-00-00Z-b", "{}", null, NOW.minusSeconds(3_600)));
            table.finishRun("2026-11-25T07-00-00Z-b", RunStatus.FAILED, NOW.minusSeconds(3_500), Map.of(), null, "IntegrityError");
            table.startRun(RunRecord.started("2026-11-25T08-00-00Z-c", "{}", "ada", NOW));
            table.recordPlan("2026-11-25T08-00-00Z-c", 10, 1_000);
            table.addProgress("2026-11-25T08-00-00Z-c", 3, 300);
            table.acquireLease("2026-11-25T08-00-00Z-c", NOW, NOW.plusSeconds(3_600));
        });
        assertThat(storeFiles()).anyMatch(name -> name.endsWith(".ldb")).anyMatch(name -> name.endsWith(".log"));
        Files.createDirectories(folder.resolve("metadata"));
        Files.writeString(folder.resolve("metadata/kept.json"), "{}");

        try (FileMirrorState migrated = FileMirrorState.openForWriting(folder, MIRROR)) {
            assertThat(migrated.licence()).isEqualTo(held.licence).contains(LICENCE);
            assertThat(migrated.access()).isEqualTo(held.access).map(StimulusAccess::requestId).contains("lfm_current_secret");
            assertThat(migrated.lease()).isEqualTo(held.lease).contains(new Lease("2026-11-25T08-00-00Z-c", NOW.plusSeconds(3_600)));
            assertThat(migrated.runs()).hasSize(3).containsExactlyInAnyOrderElementsOf(held.runs);
            assertThat(migrated.run("2026-11-25T08-00-00Z-c").map(RunRecord::progress)).contains(new RunRecord.Progress(10, 1_000, 3, 300));
        }

        try (Stream<Path> entries = Files.list(folder)) {
            assertThat(entries.map(entry -> entry.getFileName().toString())).containsExactlyInAnyOrder("state.json", "lock", "made", "metadata");
        }
        assertThat(FolderBytes.filesContaining(folder, "lfm_replaced_secret")).isEmpty();
        assertThat(FolderBytes.filesContaining(folder, "lfm_current_secret")).containsExactly("state.json");
        assertThat(Files.getPosixFilePermissions(folder.resolve("made"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(folder.resolve("metadata/kept.json"))).isEqualTo("{}");
        try (FileMirrorState reopened = FileMirrorState.openForReading(folder, MIRROR)) {
            assertThat(reopened.runs()).containsExactlyInAnyOrderElementsOf(held.runs);
        }
    }

    @Test
    void whatAnInterruptedRewriteLeftIsMovedOverAndAForgottenAccessStaysForgotten() throws IOException {
        Held held = earlierStore(table -> {
            table.acceptLicence(LICENCE);
            table.saveAccess(new StimulusAccess("lfm_forgotten_secret", "ada@example.org", "v1", NOW));
        }, table -> {
            table.forgetAccess();
            table.startRun(RunRecord.started("run-1", "{}", "ada", NOW));
        });
        // the earlier version's rewrite, killed between its two renames, left its store as state.old and a new one unfinished
        Files.move(folder.resolve("state"), folder.resolve("state.old"));
        Files.createDirectories(folder.resolve("state.new"));

        try (FileMirrorState migrated = FileMirrorState.openForWriting(folder, MIRROR)) {
            assertThat(migrated.access()).isEmpty();
            assertThat(migrated.licence()).isEqualTo(held.licence);
            assertThat(migrated.runs()).isEqualTo(held.runs);
        }

        assertThat(folder.resolve("state.old")).doesNotExist();
        assertThat(folder.resolve("state.new")).doesNotExist();
        assertThat(FolderBytes.filesContaining(folder, "lfm_forgotten_secret")).isEmpty();
    }

    @Test
    void aReaderReadsTheEarlierStoreAndChangesNothing() throws IOException {
        Held held = earlierStore(table -> table.acceptLicence(LICENCE), table -> table.startRun(RunRecord.started("run-1", "{}", "ada", NOW)));
        Map<String, String> before = FolderBytes.snapshot(folder);

        try (FileMirrorState reader = FileMirrorState.openForReading(folder, MIRROR)) {
            assertThat(reader.licence()).isEqualTo(held.licence);
            assertThat(reader.runs()).isEqualTo(held.runs);
        }

        assertThat(FileMirrorState.exists(folder)).isTrue();
        assertThat(FolderBytes.snapshot(folder)).isEqualTo(before);
    }

    @Test
    void aMigrationKilledAfterWritingStateJsonIsFinishedByTheNextWriter() throws IOException {
        earlierStore(table -> table.acceptLicence(LICENCE), table -> table.saveAccess(new StimulusAccess("lfm_kept_too_long", "a@b.org", "v1", NOW)));
        Path kept = mirror.resolve("earlier-store-copy");
        copyTree(folder.resolve("state"), kept);
        try (FileMirrorState migrated = FileMirrorState.openForWriting(folder, MIRROR)) {
            migrated.startRun(RunRecord.started("after-the-migration", "{}", "ada", NOW));
        }
        // as if killed after state.json was written, before the earlier store was removed
        Files.move(kept, folder.resolve("state"));
        Files.writeString(folder.resolve("licence-accepted"), "accepted by Ada Lovelace (local:ada@lab) at " + NOW + "\n");

        try (FileMirrorState next = FileMirrorState.openForWriting(folder, MIRROR)) {
            assertThat(next.run("after-the-migration")).isPresent();
            assertThat(next.access().map(StimulusAccess::requestId)).contains("lfm_kept_too_long");
        }

        assertThat(folder.resolve("state")).doesNotExist();
        assertThat(folder.resolve("licence-accepted")).doesNotExist();
        assertThat(FolderBytes.filesContaining(folder, "lfm_kept_too_long")).containsExactly("state.json");
    }

    @Test
    void aDamagedTableFileIsRefusedAndNothingIsChanged() throws IOException {
        earlierStore(table -> table.acceptLicence(LICENCE), table -> table.startRun(RunRecord.started("run-1", "{}", "ada", NOW)));
        Path table = folder.resolve("state").resolve(storeFiles().stream().filter(name -> name.endsWith(".ldb")).findFirst().orElseThrow());
        byte[] bytes = Files.readAllBytes(table);
        bytes[10] ^= 0x20;
        Files.write(table, bytes);

        assertRefused("its earlier laion-mirror's store state/ cannot be read: state/" + table.getFileName()
                + " is damaged (a block at byte 0 does not match its checksum)");
    }

    @Test
    void aTruncatedLogIsRefusedNotReadShort() throws IOException {
        earlierStore(table -> table.acceptLicence(LICENCE), table -> {
            table.startRun(RunRecord.started("run-1", "{}", "ada", NOW));
            table.finishRun("run-1", RunStatus.SUCCEEDED, NOW.plusSeconds(1), Map.of("copied", 1L), null, null);
        });
        Path log = folder.resolve("state").resolve(storeFiles().stream().filter(name -> name.endsWith(".log")).max(String::compareTo).orElseThrow());
        byte[] bytes = Files.readAllBytes(log);
        Files.write(log, Arrays.copyOf(bytes, bytes.length - 10));

        assertRefused("its earlier laion-mirror's store state/ cannot be read: state/" + log.getFileName() + " is damaged (");
    }

    @Test
    void anEarlierStoreThatLostItsLicenceIsRefused() throws IOException {
        earlierStore(table -> table.startRun(RunRecord.started("run-1", "{}", "ada", NOW)), table -> table.startRun(RunRecord.started("run-2", "{}",
                "ada", NOW)));
        Files.writeString(folder.resolve("licence-accepted"), "accepted by Ada Lovelace (local:ada@lab) at " + NOW + "\n");

        assertRefused("its earlier laion-mirror's store state/ no longer holds the licence acceptance it held:"
                + " accepted by Ada Lovelace (local:ada@lab) at " + NOW);
    }

    @Test
    void anEarlierStoreWithoutItsCurrentFileIsRefused() throws IOException {
        earlierStore(table -> table.acceptLicence(LICENCE), table -> table.startRun(RunRecord.started("run-1", "{}", "ada", NOW)));
        Files.delete(folder.resolve("state/CURRENT"));

        assertRefused("its earlier laion-mirror's store state/ cannot be read: state/CURRENT is missing");
    }

    @Test
    void whatTheEarlierVersionLeftWhenItsStoreNeverStartedIsRemovedAndTheStateStartsEmpty() throws IOException {
        // dynalite made its folder, then failed to start (Node.js too old, say): no store was made, nothing was kept
        Files.createDirectories(folder.resolve("state"));
        Files.createFile(folder.resolve("lock"));

        try (FileMirrorState state = FileMirrorState.openForWriting(folder, MIRROR)) {
            assertThat(state.licence()).isEmpty();
            assertThat(state.runs()).isEmpty();
        }

        try (Stream<Path> entries = Files.list(folder)) {
            assertThat(entries.map(entry -> entry.getFileName().toString())).containsExactlyInAnyOrder("state.json", "lock", "made");
        }
    }

    /**
     * Makes the earlier version's store as it did: a folder of its owner's, dynalite's LevelDB in
     * {@code state/} written in two runs of the server (so a table file and a log both hold items), and
     * the side files {@code lock}, {@code made} and {@code licence-accepted}. Returns what its backend then held.
     */
    private Held earlierStore(Consumer<DynamoMirrorState> first, Consumer<DynamoMirrorState> second) throws IOException {
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        Files.createFile(folder.resolve("lock"));
        Path store = folder.resolve("state");
        try (LocalDynamo dynamo = LocalDynamo.start(store)) {
            DynamoMirrorState table = new DynamoMirrorState(dynamo.client(), "laion-mirror-state");
            table.createIfMissing();
            first.accept(table);
        }
        Files.writeString(folder.resolve("made"), "the mirror's state store was made\n");
        Held held;
        try (LocalDynamo dynamo = LocalDynamo.start(store, true)) {
            DynamoMirrorState table = new DynamoMirrorState(dynamo.client(), "laion-mirror-state");
            second.accept(table);
            held = new Held(table.licence(), table.access(), table.lease(), table.runs());
        }
        held.licence.ifPresent(licence -> write(folder.resolve("licence-accepted"),
                "accepted by " + licence.name() + " (" + licence.acceptedBy() + ") at " + licence.acceptedAt() + "\n"));
        return held;
    }

    /** Opening for writing and for reading is StateDamaged saying {@code reason}; the folder is as it was, and no state.json is made. */
    private void assertRefused(String reason) throws IOException {
        Map<String, String> before = FolderBytes.snapshot(folder);
        String expected = "The state of the mirror " + MIRROR + " (licence acceptance, stimulus access, run history) in " + folder + " is damaged ("
                + reason;

        assertThatThrownBy(() -> FileMirrorState.openForWriting(folder, MIRROR)).isInstanceOf(StateDamaged.class)
                .hasMessageStartingWith(expected).hasMessageContaining("); nothing was changed. Restore that folder from a backup")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> FileMirrorState.openForReading(folder, MIRROR)).isInstanceOf(StateDamaged.class).hasMessageStartingWith(expected);
        assertThat(FolderBytes.snapshot(folder)).isEqualTo(before);
        assertThat(folder.resolve("state.json")).doesNotExist();
    }

    private List<String> storeFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder.resolve("state"))) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
    }
}
