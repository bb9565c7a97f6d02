package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job, as written there: its {@code bin/laion-mirror} commands run in order, each as
 * a process started in a fresh folder (so its {@code target/...} paths land there), then the sync again.
 * The build before them is what this test suite is part of. Keeps the README's first command true.
 */
class ReadmeMainJobTest {

    private static final Path README = Path.of("..", "README.md");
    private static final String LAUNCHER = "bin/laion-mirror";

    @TempDir
    Path workspace;

    @Test
    void mirrorsTheSessionThenTheSecondSyncCopiesNothing() throws Exception {
        List<List<String>> commands = mainJob();
        assertThat(commands).as("the main job's laion-mirror commands in the README").hasSizeGreaterThanOrEqualTo(3);
        assertThat(commands.get(commands.size() - 1).get(0)).isEqualTo("sync");

        String lastErr = "";
        for (List<String> command : commands) {
            lastErr = run(command);
        }
        assertThat(lastErr).contains("SUCCEEDED: 93 copied");

        String again = run(commands.get(commands.size() - 1));
        assertThat(again).contains("SUCCEEDED: 0 copied (0 B), 93 already in the mirror");
    }

    /** The arguments of each {@code bin/laion-mirror} command of the README's first shell block that runs one. */
    private static List<List<String>> mainJob() throws IOException {
        String readme = Files.readString(README);
        String block = Arrays.stream(readme.split("```sh\n")).skip(1).map(part -> part.substring(0, part.indexOf("```")))
                .filter(part -> part.contains(LAUNCHER + " sync")).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no sh block running " + LAUNCHER + " sync"));
        List<List<String>> commands = new ArrayList<>();
        for (String part : block.strip().split("&&")) {
            List<String> words = List.of(part.strip().split("\\s+"));
            if (words.get(0).equals(LAUNCHER)) {
                commands.add(words.subList(1, words.size()));
            }
        }
        return commands;
    }

    private String run(List<String> args) throws Exception {
        try (CommandProcess command = CommandProcess.start(workspace, Map.of(), List.of(), args.toArray(String[]::new))) {
            int exitCode = command.exitCode(Duration.ofMinutes(3));
            assertThat(exitCode).as("laion-mirror %s; stderr:%n%s", String.join(" ", args), command.err()).isZero();
            return command.err();
        }
    }
}
