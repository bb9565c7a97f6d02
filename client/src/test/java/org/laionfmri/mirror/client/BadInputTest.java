package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.laionfmri.mirror.UserFolders;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.testing.FakeS3;

/**
 * Invalid input, as a fault trial typed it: each invocation exits 2 with one line naming what is wrong,
 * and creates or writes nothing anywhere (the workspace and the user's data folder are as they were).
 */
class BadInputTest {

    @TempDir
    static Path workspace;
    private static Path source;
    private static Path existingMirror;
    private static Path madeMirror;
    private static Path aFile;
    private static FakeS3 s3;

    @BeforeAll
    static void prepare() throws IOException {
        source = workspace.resolve("source");
        SampleBucket.writeDirectory(source, SampleBucket.nominalEntries());
        existingMirror = Files.createDirectory(workspace.resolve("mirror-with-files"));
        Files.writeString(existingMirror.resolve("README"), "a mirror someone made by hand");
        aFile = Files.writeString(workspace.resolve("a-file"), "not a directory");
        madeMirror = workspace.resolve("made-mirror");
        assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", madeMirror.toString()).exitCode()).isZero();
        s3 = FakeS3.start().put("lab", "README", new byte[1]);
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    static Stream<Arguments> invocations() {
        String mirror = workspace.resolve("new-mirror").toString();
        String src = source.toString();
        List<Arguments> rows = new ArrayList<>();
        // mistyped flags are refused, never taken as values
        rows.add(row("", "Unknown option: '--include-rawx'", "sync", "--local", "--source", src, "--dest", mirror, "--subject", "01", "--ses", "04",
                "--include-rawx"));
        rows.add(row("", "Unknown option: '--frobnicate'", "sync", "--local", "--source", src, "--dest", mirror, "--subject", "01", "--frobnicate"));
        rows.add(row("", "InvalidRequest: --subject: is required", "sync", "--local", "--source", src, "--dest", mirror));
        rows.add(row("", "InvalidRequest: --run: is a filter of the raw-only download only", "sync", "--local", "--source", src, "--dest", mirror,
                "--subject", "01", "--run", "01"));
        rows.add(row("", "InvalidRequest: --space: is not a filter of a raw-only download", "sync", "--local", "--source", src, "--dest", mirror,
                "--subject", "01", "--raw-only", "--space", "T1w"));
        rows.add(row("", "Missing required parameter for option '--subject'", "sync", "--local", "--dest", mirror, "--subject"));
        // the request
        rows.add(row("", "InvalidRequest: --subject: \"subject_1\" is not a subject", "sync", "--local", "--source", src, "--dest", mirror, "--subject", "subject_1"));
        rows.add(row("", "InvalidRequest: --subject: \"0000", "sync", "--local", "--source", src, "--dest", mirror, "--subject", "0".repeat(100_000)));
        rows.add(row("", "InvalidRequest: --subject: the source holds no subject sub-99", "sync", "--local", "--source", src, "--dest", mirror, "--subject", "99"));
        rows.add(row("", "InvalidRequest: --subject: \"sub-\" is not a subject", "sync", "--local", "--source", src, "--dest", mirror, "--subject", "sub-"));
        rows.add(row("", "InvalidRequest: --subject: \"all\" cannot be combined", "sync", "--local", "--source", src, "--dest", mirror, "--subject", "all", "01"));
        rows.add(row("", "InvalidRequest: --ses: \"a/b\" is not a plain token", "sync", "--local", "--source", src, "--dest", mirror, "--subject", "01", "--ses", "a/b"));
        rows.add(row("", "InvalidRequest: --ses: must not be empty", "sync", "--local", "--source", src, "--dest", mirror, "--subject", "01", "--ses", ""));
        rows.add(row("", "InvalidRequest: --include-embeddings: unknown embedding model \"clip\"", "sync", "--local", "--source", src, "--dest", mirror,
                "--subject", "01", "--include-embeddings", "clip"));
        // where from and where to
        rows.add(row("", "--dest must name a directory or s3://bucket[/prefix], not an empty value", "sync", "--local", "--source", src, "--dest", "",
                "--subject", "01"));
        rows.add(row("", "--dest: " + aFile + " exists and is not a directory", "sync", "--local", "--source", src, "--dest", aFile.toString(),
                "--subject", "01"));
        rows.add(row("", "--dest: the mirror " + source + " must not be the source", "sync", "--local", "--source", src, "--dest", src, "--subject", "01"));
        rows.add(row("", "--dest: the mirror " + source.resolve("inside") + " must not be the source", "sync", "--local", "--source", src,
                "--dest", source.resolve("inside").toString(), "--subject", "01"));
        rows.add(row("", "--source: ", "sync", "--local", "--source", workspace.resolve("missing").toString(), "--dest", mirror, "--subject", "01"));
        rows.add(row("", "--source: no bucket name in \"s3://\"", "sync", "--local", "--source", "s3://", "--source-endpoint", "http://127.0.0.1:1",
                "--dest", mirror, "--subject", "01"));
        rows.add(row("", "--dest-endpoint: expected http(s)://host[:port] without credentials, got ftp://store.example.org", "sync", "--local",
                "--dest", "s3://lab-mirror", "--dest-endpoint", "ftp://store.example.org", "--subject", "01"));
        rows.add(row("", "--dest-endpoint: expected http(s)://host[:port] without credentials, got http://127.0.0.1:99999", "sync", "--local",
                "--dest", "s3://lab-mirror", "--dest-endpoint", "http://127.0.0.1:99999", "--subject", "01"));
        rows.add(row("", "--dest-endpoint: expected http(s)://host[:port] without credentials, got a URL holding credentials", "sync", "--local",
                "--dest", "s3://lab-mirror", "--dest-endpoint", "http://ada:hunter2@127.0.0.1:9000", "--subject", "01"));
        rows.add(row("", "--dest-endpoint applies to s3:// locations only", "sync", "--local", "--source", src, "--dest", mirror,
                "--dest-endpoint", "http://127.0.0.1:9000", "--subject", "01"));
        // a deployed stack or this machine
        rows.add(row("", "--local needs --dest", "sync", "--local", "--subject", "01"));
        rows.add(row("", "--dest and --dest-endpoint name a mirror on this machine", "sync", "--dest", mirror, "--subject", "01"));
        rows.add(row("", "--stack, --region and --profile name a deployed stack", "sync", "--local", "--dest", mirror, "--stack", "Lab", "--subject", "01"));
        rows.add(row("", "--region: \"the moon\" is not an AWS region", "runs", "--region", "the moon"));
        rows.add(row("", "--no-wait needs a deployed stack", "sync", "--local", "--source", src, "--dest", mirror, "--no-wait", "--subject", "01"));
        rows.add(row("", "--source and --source-endpoint apply with --local", "sync", "--source", src, "--subject", "01"));
        // the state commands
        rows.add(row("", "NoSuchMirror: No mirror has been made at " + mirror, "logout", "--local", "--dest", mirror));
        rows.add(row("", "NoSuchMirror: No mirror has been made at " + mirror, "status", "--local", "--dest", mirror));
        rows.add(row("", "NoSuchMirror: No mirror has been made at " + mirror, "runs", "--local", "--dest", mirror));
        rows.add(row("", "NoSuchMirror: No mirror has been made at " + mirror, "stop", "run-1", "--local", "--dest", mirror));
        rows.add(row("", "--limit must be at least 1", "runs", "--local", "--dest", mirror, "--limit", "0"));
        rows.add(row("", "InvalidRequest: RUN: must not be empty: name a run as laion-mirror runs lists it", "status", "", "--local", "--dest",
                madeMirror.toString()));
        rows.add(row("", "InvalidRequest: RUN: must not be empty", "stop", "", "--local", "--dest", madeMirror.toString()));
        rows.add(row("", "InvalidRequest: RUN: \"run 1\\u000a\" is not a run id", "stop", "run 1\n", "--local", "--dest", madeMirror.toString()));
        // a bucket that is not there: no state is made for it, no data directory
        String endpoint = s3.endpoint().toString();
        rows.add(row("", "--dest: there is no bucket missing at " + endpoint + ": make it first, or check the name and --dest-endpoint", "sync",
                "--local", "--source", src, "--dest", "s3://missing", "--dest-endpoint", endpoint, "--subject", "01"));
        rows.add(row("", "--dest: there is no bucket missing at " + endpoint, "accept-license", "--local", "--yes", "--dest", "s3://missing/lab",
                "--dest-endpoint", endpoint));
        rows.add(row("", "--from: there is no bucket missing at " + endpoint + ": make it first, or check the name and --from-endpoint", "pull",
                "--from", "s3://missing", "--from-endpoint", endpoint, "--data-dir", workspace.resolve("data").toString(), "--yes", "--subject", "01"));
        // check, as sync: a subject the source does not hold
        rows.add(row("", "InvalidRequest: --subject: the source holds no subject sub-99", "check", "--local", "--source", src, "--dest",
                madeMirror.toString(), "--subject", "99"));
        rows.add(row("\n", "InvalidRequest: request_id: none was given: set LAION_FMRI_REQUEST_ID, or give it on standard input", "login", "--local",
                "--dest", mirror));
        rows.add(row("lfm_" + "x".repeat(1 << 20) + "\n", "InvalidRequest: request_id: what standard input gave is longer than 256 characters (it is"
                + " not shown): a request_id is one line of printable ASCII", "login", "--local", "--dest", mirror));
        rows.add(row("hunter2\nhunter2\n", "InvalidRequest: request_id: what standard input gave holds several lines", "login", "--local", "--dest", mirror));
        rows.add(row("hunter\u00e92\n", "InvalidRequest: request_id: what standard input gave holds a character that is not ASCII", "login", "--local",
                "--dest", mirror));
        rows.add(row(new byte[] {'h', 'u', 'n', 't', 'e', 'r', (byte) 0xc3, '2', '\n'}, "what standard input gave holds a character that is not ASCII"
                + " (or is not UTF-8)", "login", "--local", "--dest", mirror));
        rows.add(row("hunter\u001b[2J2\n", "InvalidRequest: request_id: what standard input gave holds a control character", "login", "--local",
                "--dest", mirror));
        rows.add(row("hunter 2\n", "InvalidRequest: request_id: what standard input gave holds a space", "login", "--local", "--dest", mirror));
        rows.add(row("", "login takes no such argument, and what was given is not shown: the request_id is read from LAION_FMRI_REQUEST_ID or"
                + " standard input, never from the command line", "login", "hunter2", "--local", "--dest", mirror));
        rows.add(row("", "InvalidRequest: --email: \"not-an-address\" is not an e-mail address", "request-access", "--local", "--dest", mirror,
                "--access-service", "http://127.0.0.1:9", "--email", "not-an-address"));
        rows.add(row("", "Unknown options: '--dest-endpont'", "accept-license", "--local", "--dest", existingMirror.toString(), "--dest-endpont", "x"));
        return rows.stream();
    }

    private static Arguments row(String stdin, String message, String... args) {
        return row(stdin.getBytes(StandardCharsets.UTF_8), message, args);
    }

    private static Arguments row(byte[] stdin, String message, String... args) {
        return Arguments.of(String.join(" ", args).replaceAll("0{200,}", "0...0").replaceAll("x{200,}", "x...x"), stdin, message, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invocations")
    void exitsTwoWithOneLineAndCreatesNothing(String invocation, byte[] stdin, String message, String[] args) throws IOException {
        List<String> before = everything();

        CommandRun run = CommandRun.withInput(stdin, args);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines().filter(line -> !line.isBlank())).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("laion-mirror: ").contains(message).doesNotContain("hunter2").doesNotContain("x".repeat(300))
                .doesNotContain("Exception").doesNotContain("null");
        assertThat(run.out()).isEmpty();
        assertThat(everything()).isEqualTo(before);
    }

    /** Every path under the workspace and the user's folder of bucket mirrors' state. */
    private static List<String> everything() throws IOException {
        List<String> paths = new ArrayList<>();
        for (Path root : List.of(workspace, UserFolders.data(System.getenv()).resolve("laion-mirror"))) {
            if (Files.exists(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.map(Path::toString).sorted().forEach(paths::add);
                }
            }
        }
        return paths;
    }
}
