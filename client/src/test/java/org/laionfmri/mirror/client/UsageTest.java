package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code laion-mirror} alone, as {@code git} and {@code rclone} answer it: what there is to do, on stdout, and no error. */
class UsageTest {

    @Test
    void noArgumentsPrintsTheCommandsALineEachAndExitsZero() {
        CommandRun run = CommandRun.of();

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("Usage: laion-mirror ")
                .containsPattern("(?m)^  sync +Brings the mirror up to date with a selection of the dataset \\(the upstream download flags\\)\\.$")
                .containsPattern("(?m)^  pull +Fills a laion_fmri data directory from the mirror .* as the package lays it out\\.$")
                .containsPattern("(?m)^  sample-bucket +Writes a sample of the dataset's layout into a directory, to try the mirror offline:$")
                .doesNotContain("Missing required subcommand");
        for (String command : new String[] {"status", "runs", "stop", "check", "accept-license", "request-access", "login", "logout"}) {
            assertThat(run.out()).containsPattern("(?m)^  " + command + " +\\S.*\\.$");
        }
    }
}
