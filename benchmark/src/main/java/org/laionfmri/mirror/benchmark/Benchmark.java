package org.laionfmri.mirror.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.laionfmri.mirror.Trees;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.local.DirectoryBuckets;

/**
 * {@code laion-mirror sync --local} timed beside {@code rclone copy --size-only --fast-list --transfers 32}
 * and {@code aws s3 sync --size-only} (each when installed), all on one local S3 server (S3Proxy,
 * filesystem store) that serves the source and the mirrors, so every tool copies server-side: a full
 * mirror then a no-op resync of the sample's 3,504 selectable objects and of ~17,500 (its subjects
 * replicated), and the plan of ~100,000 keys in a 256 MB heap, after an untimed mirror that warms the server. Prints times, ratios to rclone, peak
 * memory, and where our runs' time went. The machine is shared and noisy: compare the ratios of one run.
 *
 * <p>Run from the repository's root: {@code ./mvnw -B -q package -DskipTests && java -jar benchmark/target/laion-mirror-benchmark.jar}
 * ({@code --client LAUNCHER}, default {@code bin/laion-mirror}; {@code --work DIR}; {@code --skip-large} to leave out the 17,500
 * and 100,000).
 */
public final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEAP = "-Xmx256m";

    private final Path client;
    private final Path work;
    private final DirectoryBuckets server;
    private final URI endpoint;
    /** Every tool's: the server's credentials; ours also runs in a 256 MB heap, with its state and class-data archives in the work folder. */
    private final Map<String, String> environment;
    private final List<String> report = new ArrayList<>();

    private Benchmark(Path client, Path work, DirectoryBuckets server) {
        this.client = client;
        this.work = work;
        this.server = server;
        this.endpoint = server.endpoint();
        this.environment = Map.of("AWS_ACCESS_KEY_ID", "benchmark", "AWS_SECRET_ACCESS_KEY", "benchmark", "AWS_REGION", "us-east-1",
                "AWS_DEFAULT_REGION", "us-east-1", "LAION_MIRROR_JAVA_OPTS", HEAP,
                "XDG_DATA_HOME", work.resolve("home/.local/share").toString(), "XDG_CACHE_HOME", work.resolve("cache").toString());
    }

    public static void main(String[] args) throws Exception {
        Path client = Path.of(option(args, "--client", "bin/laion-mirror")).toAbsolutePath();
        Path work = Path.of(option(args, "--work", "target/benchmark")).toAbsolutePath();
        boolean large = !List.of(args).contains("--skip-large");
        if (!Files.isExecutable(client)) {
            System.err.println("benchmark: no launcher at " + client + ": run this from the repository's root (or give --client)");
            System.exit(2);
        }
        Trees.delete(work);
        Files.createDirectories(work.resolve("home"));
        try (DirectoryBuckets server = DirectoryBuckets.start()) {
            Benchmark benchmark = new Benchmark(client, work, server);
            List<ObjectEntry> sample = Datasets.selectable();
            benchmark.firstRun(sample);
            benchmark.warmUp(sample);
            benchmark.mirrorRound("sample", sample);
            if (large) {
                benchmark.mirrorRound("replicated", Datasets.replicated(sample, 5));
                benchmark.planRound(Datasets.replicated(sample, 29));
            }
            benchmark.report.forEach(System.out::println);
        }
    }

    /** A full mirror, then a no-op resync, by each tool, of {@code objects}. */
    private void mirrorRound(String name, List<ObjectEntry> objects) throws IOException {
        String source = serve(name + "-source", objects);
        Map<String, TimedCommand[]> runs = new LinkedHashMap<>();
        runs.put("laion-mirror", ours(name, source, Datasets.EVERYTHING));
        if (installed("rclone")) {
            runs.put("rclone", twice(rclone(source, serve(name + "-rclone", List.of()))));
        }
        if (installed("aws")) {
            runs.put("aws s3 sync", twice(aws(source, serve(name + "-aws", List.of()))));
        }
        report.add(String.format(Locale.ROOT, "%n%s: %,d objects (%s)", name, objects.size(), human(objects.stream().mapToLong(ObjectEntry::size).sum())));
        report.add(String.format(Locale.ROOT, "| run | %s | ours / rclone |", String.join(" | ", runs.keySet())));
        report.add("|---|" + "---|".repeat(runs.size()) + "---|");
        for (int i = 0; i < 2; i++) {
            int which = i;
            double rclone = runs.containsKey("rclone") ? runs.get("rclone")[i].seconds() : Double.NaN;
            report.add(String.format(Locale.ROOT, "| %s | %s | %s |", i == 0 ? "full mirror" : "no-op resync",
                    String.join(" | ", runs.values().stream().map(pair -> figures(pair[which])).toList()),
                    Double.isNaN(rclone) ? "-" : String.format(Locale.ROOT, "%.2fx", runs.get("laion-mirror")[i].seconds() / rclone)));
        }
        TimedCommand[] ours = runs.get("laion-mirror");
        for (int i = 0; i < 2; i++) {
            report.add("  laion-mirror " + (i == 0 ? "full" : "no-op") + ": " + whereTheTimeWent(ours[i]));
        }
    }

    /**
     * The first sync after a build, of one session, which also makes the launcher's class-data archive:
     * timed apart, so that the rounds measure the command as it runs every other time.
     */
    private void firstRun(List<ObjectEntry> sample) throws IOException {
        String source = serve("first-source", sample.stream().filter(entry -> entry.key().contains("sub-01")).toList());
        TimedCommand[] runs = ours("first", source, List.of("--subject", "01", "--ses", "04"));
        report.add(String.format(Locale.ROOT, "one session (sub-01, ses-04, %d objects): the first sync after a build %s (it also makes the"
                + " class-data archive), its no-op resync %s", runs[0].out().isBlank() ? 0 : tree(runs[0].out()).path("copied").asLong(),
                figures(runs[0]), figures(runs[1])));
    }

    /**
     * An untimed full mirror of the sample, so the server's JIT has compiled its request handling before
     * the rounds: the tool timed first would otherwise pay for it.
     */
    private void warmUp(List<ObjectEntry> sample) throws IOException {
        ours("warm-up", serve("warm-up-source", sample), Datasets.EVERYTHING);
    }

    /** The plan of many keys (a dry run against an empty mirror), in a 256 MB heap. */
    private void planRound(List<ObjectEntry> objects) throws IOException {
        String source = serve("planner-source", objects);
        TimedCommand plan = TimedCommand.run("plan", command(List.of("sync", "--dry-run", "--json", "--source", "s3://" + source, "--source-endpoint",
                endpoint.toString(), "--dest", work.resolve("empty-mirror").toString()), Datasets.EVERYTHING), environment, work);
        long planned = plan.out().lines().count();
        report.add(String.format(Locale.ROOT, "%nplan of %,d keys in a 256 MB heap: %s, %,d planned (exit %d)", objects.size(), figures(plan), planned,
                plan.exitCode()));
    }

    private TimedCommand[] ours(String name, String source, List<String> selection) throws IOException {
        String mirror = serve(name + "-ours", List.of());
        List<String> target = List.of("--dest", "s3://" + mirror, "--dest-endpoint", endpoint.toString());
        TimedCommand accept = TimedCommand.run("accept", command(List.of("accept-license", "--local", "--yes"), target), environment, work);
        if (accept.exitCode() != 0) {
            throw new IllegalStateException("accept-license failed: " + accept.errText());
        }
        List<String> sync = new ArrayList<>(List.of("sync", "--local", "--json", "--source", "s3://" + source, "--source-endpoint", endpoint.toString()));
        sync.addAll(target);
        return twice(command(sync, selection));
    }

    private TimedCommand[] twice(List<String> command) {
        TimedCommand full = TimedCommand.run("full", command, environment, work);
        TimedCommand noOp = TimedCommand.run("no-op", command, environment, work);
        for (TimedCommand run : List.of(full, noOp)) {
            if (run.exitCode() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + run.exitCode() + "): " + run.errText());
            }
        }
        return new TimedCommand[] {full, noOp};
    }

    private List<String> rclone(String source, String mirror) {
        return List.of("rclone", "copy", "--size-only", "--fast-list", "--transfers", "32", "--s3-provider", "Other", "--s3-endpoint",
                endpoint.toString(), "--s3-access-key-id", "benchmark", "--s3-secret-access-key", "benchmark", "--s3-force-path-style",
                ":s3:" + source, ":s3:" + mirror);
    }

    private List<String> aws(String source, String mirror) {
        return List.of("aws", "s3", "sync", "--size-only", "--only-show-errors", "--endpoint-url", endpoint.toString(), "s3://" + source, "s3://" + mirror);
    }

    /** Our client, through its launcher. */
    private List<String> command(List<String> args, List<String> selection) {
        List<String> command = new ArrayList<>(List.of(client.toString()));
        command.addAll(args);
        command.addAll(selection);
        return command;
    }

    /** Start-up (to the run's start), the workflow's phases that took a twentieth of a second or more (from the run's JSON), and the end (after the run). */
    private static String whereTheTimeWent(TimedCommand run) {
        double started = run.lineAt(" started on ");
        double ended = run.lineAt(" SUCCEEDED: ");
        JsonNode view = tree(run.out());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "start-up %.1f s", started));
        view.path("phases").properties().stream().filter(phase -> phase.getValue().asDouble() >= 0.05)
                .forEach(phase -> line.append(String.format(Locale.ROOT, ", %s %.1f s", phase.getKey(), phase.getValue().asDouble())));
        line.append(String.format(Locale.ROOT, ", the end %.1f s; %d copied, %d state transitions", run.seconds() - ended,
                view.path("copied").asLong(), view.path("stateTransitions").asLong()));
        return line.toString();
    }

    private static String figures(TimedCommand run) {
        return String.format(Locale.ROOT, "%.1f s, %s", run.seconds(), run.peakKilobytes() < 0 ? "?" : run.peakKilobytes() / 1024 + " MB");
    }

    /** A bucket on the server, its directory filled with {@code objects}. */
    private String serve(String bucket, List<ObjectEntry> objects) throws IOException {
        Path directory = Files.createDirectories(work.resolve("buckets").resolve(bucket));
        Datasets.write(directory, objects);
        server.serve(bucket, directory);
        return bucket;
    }

    private static boolean installed(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(folder -> Files.isExecutable(Path.of(folder, tool)));
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json.isBlank() ? "{}" : json);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String human(long bytes) {
        return bytes >= 1_000_000 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6) : String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }
}
