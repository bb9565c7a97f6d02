package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.testing.AccessServiceStub;

/**
 * The stored request_id, of any form and in any case, is in no output, report or run record of any
 * command, whatever the access service answers; and no process a command starts is handed it.
 */
class SecretsTest {

    /** Not of the usual lfm_ form, so only its value can redact it; with a / and a " that a URL or JSON writes otherwise. */
    private static final String REQUEST_ID = "Opaque/Token\"0042";

    @TempDir
    static Path workspace;
    private static Path sample;
    private static Path mirror;
    private static AccessServiceStub accessService;

    /** A mirror whose request_id was stored by another process: what this one knows of it, it reads from the mirror's state. */
    @BeforeAll
    static void aMirrorWithAccessAndAServiceThatEchoes() throws Exception {
        sample = workspace.resolve("sample");
        SampleBucket.writeDirectory(sample, SampleBucket.nominalEntries().stream().filter(entry -> entry.key().contains("sub-01/ses-04/")
                || !entry.key().contains("/")).toList());
        accessService = AccessServiceStub.serving(Map.of("task-images_stimuli.h5", "pixels".getBytes(StandardCharsets.UTF_8),
                "task-images_metadata.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8)));
        mirror = workspace.resolve("mirror");
        assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", mirror.toString()).exitCode()).isZero();
        try (CommandProcess login = CommandProcess.start(workspace, Map.of("LAION_FMRI_REQUEST_ID", REQUEST_ID), List.of(), "login", "--local",
                "--dest", mirror.toString())) {
            assertThat(login.exitCode(Duration.ofMinutes(2))).as(login.err()).isZero();
        }
    }

    @AfterAll
    static void stop() {
        accessService.close();
    }

    @ParameterizedTest(name = "{0} {1} {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            manifest | 503 | `no manifest for Opaque/Token"0042 today`                                                   | AccessServiceError
            refresh  | 404 | {"detail": "no access is granted to OPAQUE/TOKEN\\"0042"}                                  | AccessNotFound
            refresh  | 403 | {"detail": "revoked: %s"}                                                                   | AccessRevoked
            refresh  | 500 | {"detail": {"error": "internal", "request_id": "opaque/token\\"0042"}}                       | AccessServiceError
            refresh  | 403 | {"detail": {"error": "terms_outdated", "current_terms_version": "of opaque/token\\"0042"}}   | TermsOutdated
            """)
    void theStoredRequestIdIsInNoOutputReportOrRunRecordWhateverTheServiceEchoes(String endpoint, int answer, String body, String error)
            throws IOException {
        accessService.answerWith(endpoint, answer, String.format(Locale.ROOT, body, URLEncoder.encode(REQUEST_ID.toUpperCase(Locale.ROOT),
                StandardCharsets.UTF_8)));
        try {
            CommandRun sync = CommandRun.of("sync", "--local", "--source", sample.toString(), "--dest", mirror.toString(), "--subject", "01",
                    "--ses", "04", "--include-stimuli", "--access-service", accessService.baseUri().toString(), "--json");
            CommandRun status = CommandRun.of("status", "--local", "--dest", mirror.toString());
            CommandRun runs = CommandRun.of("runs", "--local", "--dest", mirror.toString(), "--json");

            assertThat(sync.exitCode()).as(sync.err()).isEqualTo(1);
            assertThat(sync.err()).contains("laion-mirror: " + error + ": ");
            assertThat(sync.out()).contains("\"error\":\"" + error + "\"");
            String everything = sync.out() + sync.err() + status.out() + status.err() + runs.out() + runs.err() + reports(mirror);
            assertThat(everything.toLowerCase(Locale.ROOT)).as("the request_id, in any case and form").doesNotContain("opaque");
        } finally {
            accessService.answerAsUsual();
        }
    }

    @Test
    void aLocalCommandStartsNoProcessThatCouldBeHandedTheRequestIdVariable() throws Exception {
        Path fakes = Files.createDirectories(workspace.resolve("fake-bin"));
        Path environments = Files.createDirectories(workspace.resolve("environments"));
        Path node = Files.writeString(fakes.resolve("node"), "#!/bin/sh\nenv > \"" + environments + "/node-$$\"\nexit 1\n");
        assertThat(node.toFile().setExecutable(true)).isTrue();
        Path mirror = workspace.resolve("mirror-environment");

        try (CommandProcess login = CommandProcess.start(workspace, Map.of("LAION_FMRI_REQUEST_ID", REQUEST_ID,
                "PATH", fakes + ":" + System.getenv("PATH")), List.of(), "login", "--local", "--dest", mirror.toString())) {
            assertThat(login.exitCode(Duration.ofMinutes(2))).as(login.err()).isZero();
        }
        List<String> recorded;
        try (Stream<Path> files = Files.list(environments)) {
            recorded = files.map(SecretsTest::read).toList();
        }
        // the state is a file of this process's: no Node.js (the earlier dynalite state ran on it), no other process
        assertThat(recorded).as("processes started on the fake node").isEmpty();
        assertThat(mirror.resolve(".laion-mirror/state.json")).exists();
    }


    private static String reports(Path mirror) throws IOException {
        StringBuilder reports = new StringBuilder();
        try (Stream<Path> files = Files.walk(mirror.resolve("_mirror"))) {
            for (Path report : files.filter(file -> file.getFileName().toString().equals("report.json")).toList()) {
                reports.append(Files.readString(report));
            }
        }
        return reports.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
