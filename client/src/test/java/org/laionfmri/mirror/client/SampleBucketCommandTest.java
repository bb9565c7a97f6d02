package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.sample.SampleBucket;
import picocli.CommandLine;

class SampleBucketCommandTest {

    @TempDir
    Path workspace;

    @Test
    void writesEveryKeyOfTheSampleWithItsBody() throws Exception {
        Path bucket = workspace.resolve("sample");
        StringWriter err = new StringWriter();

        int exitCode = commandLine(err).execute("sample-bucket", bucket.toString());

        assertThat(exitCode).isZero();
        assertThat(err.toString()).startsWith("Wrote 4026 objects (");
        try (var files = Files.walk(bucket)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(4026);
        }
        String key = "derivatives/glmsingle-tedana/sub-01/ses-04/func/sub-01_ses-04_task-images_space-T1w_stat-effect_desc-SingletrialBetas_statmap.nii.gz";
        assertThat(Files.readAllBytes(bucket.resolve(key))).isEqualTo(SampleBucket.body(key, SampleBucket.bodySize(797226646)));
        assertThat(commandLine(err).execute("sample-bucket", bucket.toString())).as("a re-run").isZero();
    }

    @Test
    void refusesADirectoryThatHoldsAnything() throws Exception {
        Files.writeString(workspace.resolve("precious.txt"), "keep me");
        StringWriter err = new StringWriter();

        int exitCode = commandLine(err).execute("sample-bucket", workspace.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("precious.txt, which is not part of the sample");
        assertThat(Files.list(workspace)).containsExactly(workspace.resolve("precious.txt"));
    }

    private static CommandLine commandLine(StringWriter err) {
        CommandLine commandLine = LaionMirror.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }
}
