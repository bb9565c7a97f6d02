package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.storage.ObjectEntry;

/**
 * The command line killed (SIGKILL) or interrupted (SIGINT, Ctrl-C) at points spread over a local run,
 * each time rerun: every selected object ends identical to the source, nothing else is left under the
 * mirror's keys, no process or folder of the dead command lingers, the state opens, and the rerun
 * copies only what was missing. Objects are made large enough that a run takes seconds; the kill
 * points come from a fixed seed.
 */
class CrashResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 20261130L;
    private static final int LARGE = 25 << 20;
    private static final String[] SELECTION = {"--subject", "01", "--ses", "04"};

    @TempDir
    static Path workspace;
    private static Path source;
    private static Set<String> selected;

    @BeforeAll
    static void writeALargeSample() throws IOException {
        source = workspace.resolve("source");
        List<ObjectEntry> entries = SampleBucket.nominalEntries();
        SampleBucket.writeDirectory(source, entries);
        Random random = new Random(SEED);
        List<String> enlarged = entries.stream().map(ObjectEntry::key)
                .filter(key -> key.startsWith("derivatives/glmsingle-tedana/sub-01/ses-04/") || key.startsWith("derivatives/rois/sub-01/"))
                .limit(20).toList();
        byte[] body = new byte[LARGE];
        for (String key : enlarged) {
            random.nextBytes(body);
            Files.write(source.resolve(key), body);
        }
        CommandRun plan = CommandRun.of(concat(new String[] {"sync", "--dry-run", "--json", "--source", source.toString(), "--dest",
                workspace.resolve("none").toString()}, SELECTION));
        selected = new TreeSet<>(plan.out().lines().map(line -> tree(line).path("key").asText()).toList());
        assertThat(selected).hasSize(93);
    }

    @Test
    void killedOrInterruptedAtAnyPointTheRerunFinishesTheWorkAndLeavesNothingBehind() throws Exception {
        Random points = new Random(SEED);
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            Path mirror = workspace.resolve("mirror-" + round);
            assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", mirror.toString()).exitCode()).isZero();
            String signal = round % 2 == 0 ? "KILL" : "INT";
            long afterMillis = points.nextInt(2000);

            try (CommandProcess sync = CommandProcess.start(workspace, List.of(), concat(new String[] {"sync", "--local", "--source",
                    source.toString(), "--dest", mirror.toString()}, SELECTION))) {
                // the first progress line comes with the plan: the kill points fall in the copy
                assertThat(sync.awaitErr(" objects, ", Duration.ofMinutes(1))).as(sync.err()).isTrue();
                Thread.sleep(afterMillis);
                sync.signal(signal);
                int exit = sync.exitCode(Duration.ofMinutes(1));
                if (signal.equals("INT") && exit != 0) {
                    assertThat(exit).isEqualTo(130);
                    assertThat(sync.err()).containsPattern("laion-mirror: Interrupted: run \\S+ stopped; what it copied stays, the next sync copies the rest.");
                }
                awaitGone(mirror);
            }
            long intact = selected.stream().filter(key -> identical(mirror, key)).count();

            CommandRun rerun = CommandRun.of(concat(new String[] {"sync", "--local", "--json", "--source", source.toString(), "--dest",
                    mirror.toString()}, SELECTION));
            JsonNode view = JSON.readTree(rerun.out());

            assertThat(rerun.exitCode()).as(rerun.err()).isZero();
            assertThat(view.path("copied").asLong()).as("only what was missing").isEqualTo(selected.size() - intact);
            assertThat(selected).allMatch(key -> identical(mirror, key));
            assertThat(keysUnder(mirror)).as("nothing but the selection and the run records").isEqualTo(selected);
            assertThat(CommandRun.of("runs", "--local", "--dest", mirror.toString()).out()).as("the state opens; the killed run is recorded")
                    .contains(signal.equals("KILL") && intact < selected.size() ? "ABORTED" : "SUCCEEDED");
            rounds.add(signal + " " + afterMillis + " ms into the copy: " + intact + " intact, the rerun copied " + view.path("copied").asLong());
        }
        assertThat(staleLinkFolders()).isEmpty();
        System.out.println("crash and resume: " + String.join("; ", rounds));
    }

    /** The dead command's state server stops when its parent does (its stdin closes). */
    private static void awaitGone(Path mirror) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (processesFor(mirror) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(processesFor(mirror)).as("processes serving " + mirror).isZero();
    }

    private static long processesFor(Path mirror) {
        String state = mirror.resolve(".laion-mirror").toString();
        return ProcessHandle.allProcesses().filter(process -> process.info().arguments().map(Arrays::asList)
                .map(arguments -> arguments.stream().anyMatch(argument -> argument.startsWith(state))).orElse(false)).count();
    }

    private static List<Path> staleLinkFolders() throws IOException {
        try (Stream<Path> folders = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return folders.filter(folder -> folder.getFileName().toString().startsWith("laion-mirror-buckets-"))
                    .filter(folder -> ProcessHandle.of(Long.parseLong(folder.getFileName().toString().split("-")[3])).isEmpty()).toList();
        }
    }

    /** The mirror's keys, its state and run records aside. */
    private static Set<String> keysUnder(Path mirror) throws IOException {
        try (Stream<Path> files = Files.walk(mirror)) {
            return new TreeSet<>(files.filter(Files::isRegularFile).map(file -> mirror.relativize(file).toString())
                    .filter(key -> !key.startsWith(".laion-mirror/") && !key.startsWith("_mirror/")).toList());
        }
    }

    private static boolean identical(Path mirror, String key) {
        try {
            Path copy = mirror.resolve(key);
            return Files.exists(copy) && Files.mismatch(copy, source.resolve(key)) == -1;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String[] concat(String[] head, String[] tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
