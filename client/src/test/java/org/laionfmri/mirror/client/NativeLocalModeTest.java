package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.testing.DirectoryBuckets;
import org.laionfmri.mirror.testing.FaultyStore;

/**
 * The embedded default as it runs natively: no process of ours listens on any port during a sync, the
 * main job needs no Node.js, a file named like a temporary is an ordinary object, a link in a source
 * directory is never followed, and a run's progress moves object by object.
 */
class NativeLocalModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HELD = "derivatives/glmsingle-tedana/sub-01/sub-01_task-images_space-T1w_stat-rsquare_desc-R2mean_statmap.nii.gz";
    private static final Map<String, String> S3_CREDENTIALS = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
            "AWS_REGION", "us-east-1");

    @TempDir
    Path workspace;
    private Path sample;
    private Path mirror;

    @BeforeEach
    void writeTheSample() {
        sample = workspace.resolve("sample");
        mirror = workspace.resolve("mirror");
        SampleBucket.writeDirectory(sample, SampleBucket.nominalEntries());
    }

    @Test
    void aSyncListensOnNoPortAndItsProgressMovesObjectByObject() throws Exception {
        FaultyStore[] faults = new FaultyStore[1];
        try (DirectoryBuckets store = DirectoryBuckets.builder().middleware(filesystem -> faults[0] = new FaultyStore(filesystem, 5L << 30)).start()) {
            store.serve("dataset", sample);
            assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", mirror.toString()).exitCode()).isZero();
            CountDownLatch held = faults[0].hold(HELD);
            try (CommandProcess sync = CommandProcess.start(workspace, S3_CREDENTIALS, List.of(), "sync", "--local", "--source", "s3://dataset",
                    "--source-endpoint", store.endpoint().toString(), "--dest", mirror.toString(), "--subject", "01", "--ses", "04")) {
                try {
                    // the held object blocks its batch (every one of the 93): a batch's count would stay at 0 until it ends
                    JsonNode progress = awaitCopied(92);

                    assertThat(progress.path("status").asText()).isEqualTo("RUNNING");
                    assertThat(progress.path("toCopy").asLong()).isEqualTo(93);
                    assertThat(listeningSockets(sync.pid())).as("sockets listening in the sync's process").isEmpty();
                } finally {
                    held.countDown();
                }
                assertThat(sync.exitCode(Duration.ofMinutes(2))).as(sync.err()).isZero();
            }
        }
    }

    @Test
    void theMainJobNeedsNoNodeAndAnEmptyCacheAndTheSecondSyncCopiesNothing() throws Exception {
        Path home = Files.createDirectories(workspace.resolve("home"));
        Path emptyPath = Files.createDirectories(workspace.resolve("no-tools"));
        Map<String, String> bare = Map.of("PATH", emptyPath.toString(), "HOME", home.toString(), "XDG_CACHE_HOME", home.resolve(".cache").toString(),
                "XDG_DATA_HOME", home.resolve(".local/share").toString());
        List<String> sync = List.of("sync", "--local", "--json", "--source", sample.toString(), "--dest", mirror.toString(), "--subject", "sub-01",
                "--ses", "04");

        assertThat(run(bare, "accept-license", "--local", "--yes", "--dest", mirror.toString()).exitCode).isZero();
        Finished first = run(bare, sync.toArray(String[]::new));
        Finished second = run(bare, sync.toArray(String[]::new));

        assertThat(first.exitCode).as(first.err).isZero();
        assertThat(JSON.readTree(first.out).path("copied").asLong()).isEqualTo(93);
        assertThat(second.exitCode).as(second.err).isZero();
        assertThat(JSON.readTree(second.out).path("copied").asLong()).isZero();
        assertThat(JSON.readTree(second.out).path("skipped").asLong()).isEqualTo(93);
    }

    @Test
    void aFileNamedLikeATemporarySurvivesEveryCommand() throws Exception {
        String lookalike = "derivatives/rois/sub-01/category/sub-01_notes.txt-0f8fad5b-d9cb-469f-a165-70867728950e";
        Files.createDirectories(sample.resolve(lookalike).getParent());
        Files.writeString(sample.resolve(lookalike), "a researcher's file");
        assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", mirror.toString()).exitCode()).isZero();
        String[] sync = {"sync", "--local", "--source", sample.toString(), "--dest", mirror.toString(), "--subject", "01"};

        CommandRun first = CommandRun.of(sync);
        for (String[] command : List.of(new String[] {"status", "--local", "--dest", mirror.toString()},
                new String[] {"runs", "--local", "--dest", mirror.toString()},
                new String[] {"check", "--local", "--source", sample.toString(), "--dest", mirror.toString(), "--subject", "01"})) {
            assertThat(CommandRun.of(command).exitCode()).as(String.join(" ", command)).isZero();
        }
        CommandRun again = CommandRun.of(sync);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(mirror.resolve(lookalike)).hasContent("a researcher's file");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains(": 0 copied (0 B)");
    }

    @Test
    void aLinkInASourceDirectoryIsNotFollowedAndIsSaid() throws Exception {
        Path secret = Files.writeString(workspace.resolve("outside-the-source"), "not the dataset's");
        String planted = "derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-PLANTED_mask.label";
        Files.createSymbolicLink(sample.resolve(planted), secret);
        assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", mirror.toString()).exitCode()).isZero();

        CommandRun sync = CommandRun.of("sync", "--local", "--source", sample.toString(), "--dest", mirror.toString(), "--subject", "01");

        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(mirror.resolve(planted)).doesNotExist();
        assertThat(sync.err()).contains("laion-mirror: warning: Left out " + sample.resolve(planted) + ": a symbolic link, and links are not followed");
        assertThat(secret).hasContent("not the dataset's");
    }

    /** Polls the mirror's status, as another command reads it while the sync writes it, until {@code copied} objects are counted. */
    private JsonNode awaitCopied(long copied) throws Exception {
        JsonNode view = JSON.createObjectNode();
        for (int look = 0; look < 300; look++) {
            CommandRun status = CommandRun.of("status", "--local", "--dest", mirror.toString(), "--json");
            if (status.exitCode() == 0) {
                view = JSON.readTree(status.out());
                if (view.path("copied").asLong() >= copied) {
                    return view;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the status never counted " + copied + " copied objects; it last said " + view);
    }

    /** The TCP and UDP sockets of process {@code pid} that listen (or are bound without a peer): the kernel's own tables. */
    private static List<String> listeningSockets(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    continue;
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table)).stream().skip(1).toList()) {
                String[] fields = line.trim().split("\\s+");
                boolean listens = table.startsWith("tcp") ? fields[3].equals("0A") : fields[2].endsWith(":0000");
                if (listens && inodes.contains(fields[9])) {
                    listening.add(table + " " + fields[1]);
                }
            }
        }
        return listening;
    }

    private record Finished(int exitCode, String out, String err) {}

    private Finished run(Map<String, String> environment, String... args) throws InterruptedException {
        try (CommandProcess command = CommandProcess.start(workspace, environment, List.of(), args)) {
            int exitCode = command.exitCode(Duration.ofMinutes(2));
            return new Finished(exitCode, command.out(), command.err());
        }
    }
}
