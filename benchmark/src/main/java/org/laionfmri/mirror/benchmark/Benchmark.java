package org.laionfmri.mirror.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.laionfmri.mirror.Trees;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.testing.DirectoryBuckets;

/**
 * {@code laion-mirror sync --local} timed beside {@code rclone copy --size-only --fast-list --transfers 32}
 * and {@code aws s3 sync --size-only} (each when installed), all on one local S3 server (S3Proxy,
 * filesystem store) that serves the source and the mirrors, so every tool copies server-side: a full
 * mirror then a no-op resync of the sample's 3,504 selectable objects ({@code sample}) and of ~17,500 (its subjects
 * replicated: {@code replicated}), and the plan of ~100,000 keys in a 256 MB heap ({@code plan}), after an untimed
 * mirror that warms the server. Then bytes across stores ({@code bytes}): sub-01's selection (upstream's default
 * includes) with bodies of a sixteenth of the nominal sizes, 204 objects and 1.2 GB, copied from the server's store into
 * a directory, from a directory into the server's store and from a directory into a directory, by ours and by
 * {@code rclone copy --size-only --transfers 16}. And read-only commands on a local mirror ({@code read-only}):
 * {@code runs} and {@code status}, warm. Prints wall and CPU times, their ratios to rclone's, peak memory, and where our
 * runs' time went. The machine is shared and noisy: compare the ratios of one run (the CPU ratio is the steadier).
 *
 * <p>Run from the repository's root: {@code ./mvnw -B -q package -DskipTests && java -jar benchmark/target/laion-mirror-benchmark.jar}
 * ({@code --client LAUNCHER}, default {@code bin/laion-mirror}; {@code --work DIR}; {@code --only ROUND,...} to run only
 * those of {@code sample, replicated, plan, bytes, read-only}; {@code --skip-large} to leave out the 17,500 and 100,000).
 * The first sync of one session always runs: it makes the launcher's class-data archive the other rounds use.
 */
public final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEAP = "-Xmx256m";
    /** The rounds, in the order they run, by the names {@code --only} takes. */
    private static final List<String> ROUNDS = List.of("sample", "replicated", "plan", "bytes", "read-only");
    /** One session: the first sync's selection, and the read-only round's mirror. */
    private static final List<String> ONE_SESSION = List.of("--subject", "01", "--ses", "04");
    /** The times each read-only command is timed, after an untimed run. */
    private static final int READ_ONLY_TIMES = 5;

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
        Set<String> rounds = rounds(args);
        if (!Files.isExecutable(client)) {
            System.err.println("benchmark: no launcher at " + client + ": run this from the repository's root (or give --client)");
            System.exit(2);
        }
        Trees.delete(work);
        Files.createDirectories(work.resolve("home"));
        try (DirectoryBuckets server = DirectoryBuckets.start()) {
            Benchmark benchmark = new Benchmark(client, work, server);
            List<ObjectEntry> sample = Datasets.selectable();
            List<ObjectEntry> subjectOneSample = sample.stream().filter(entry -> entry.key().contains("sub-01")).toList();
            benchmark.firstRun(subjectOneSample);
            if (!rounds.equals(Set.of("read-only"))) { // every other round goes through the server
                benchmark.warmUp(sample);
            }
            if (rounds.contains("sample")) {
                benchmark.mirrorRound("sample", sample);
            }
            if (rounds.contains("replicated")) {
                benchmark.mirrorRound("replicated", Datasets.replicated(sample, 5));
            }
            if (rounds.contains("plan")) {
                benchmark.planRound(Datasets.replicated(sample, 29));
            }
            if (rounds.contains("bytes")) {
                benchmark.bytesRound(Datasets.subjectOne());
            }
            if (rounds.contains("read-only")) {
                benchmark.readOnlyRound(subjectOneSample);
            }
            benchmark.report.forEach(System.out::println);
        }
    }

    /** The rounds {@code --only} names (all by default), less the large ones with {@code --skip-large}; exits 2 on a name it does not know. */
    private static Set<String> rounds(String[] args) {
        String only = option(args, "--only", String.join(",", ROUNDS));
        Set<String> rounds = new LinkedHashSet<>(List.of(only.split(",")));
        List<String> unknown = rounds.stream().filter(round -> !ROUNDS.contains(round)).toList();
        if (!unknown.isEmpty()) {
            System.err.println("benchmark: --only " + only + ": no round " + String.join(", ", unknown) + "; the rounds are "
                    + String.join(", ", ROUNDS));
            System.exit(2);
        }
        if (List.of(args).contains("--skip-large")) {
            rounds.removeAll(List.of("replicated", "plan"));
        }
        return rounds;
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
        report.add(String.format(Locale.ROOT, "| run | %s | ours / rclone | cpu ours / rclone |", String.join(" | ", runs.keySet())));
        report.add("|---|" + "---|".repeat(runs.size()) + "---|---|");
        TimedCommand[] ours = runs.get("laion-mirror");
        for (int i = 0; i < 2; i++) {
            int which = i;
            TimedCommand rclone = runs.containsKey("rclone") ? runs.get("rclone")[i] : null;
            report.add(String.format(Locale.ROOT, "| %s | %s | %s | %s |", i == 0 ? "full mirror" : "no-op resync",
                    String.join(" | ", runs.values().stream().map(pair -> figures(pair[which])).toList()),
                    ratio(ours[i], rclone, TimedCommand::seconds), ratio(ours[i], rclone, TimedCommand::cpuSeconds)));
        }
        for (int i = 0; i < 2; i++) {
            report.add("  laion-mirror " + (i == 0 ? "full" : "no-op") + ": " + whereTheTimeWent(ours[i]));
        }
    }

    /**
     * The first sync after a build, of one session, which also makes the launcher's class-data archive:
     * timed apart, so that the rounds measure the command as it runs every other time.
     */
    private void firstRun(List<ObjectEntry> subjectOneSample) throws IOException {
        String source = serve("first-source", subjectOneSample);
        TimedCommand[] runs = ours("first", source, ONE_SESSION);
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

    /**
     * Bytes across stores: {@code objects} copied three ways, each by ours then by rclone into a place of
     * its own. The source is one directory, also served as a bucket. The disk's dirty pages are written
     * out before each timed copy, so that no tool pays for the previous one's writes.
     */
    private void bytesRound(List<ObjectEntry> objects) throws IOException {
        Place store = served(serve("bytes-source", objects));
        Place directory = new Place(store.directory(), null);
        warmTransfers(objects.stream().filter(entry -> entry.size() < 1_000_000).toList());
        boolean rclone = installed("rclone");
        report.add(String.format(Locale.ROOT, "%nbytes across stores: %,d objects (%s; sub-01's selection, %s, bodies at 1/16 of the nominal sizes)",
                objects.size(), human(objects.stream().mapToLong(ObjectEntry::size).sum()), String.join(" ", Datasets.SUBJECT_ONE)));
        report.add(rclone ? "| copy | laion-mirror | rclone | ours / rclone | cpu ours / rclone |" : "| copy | laion-mirror |");
        report.add(rclone ? "|---|---|---|---|---|" : "|---|---|");
        List<String> details = new ArrayList<>();
        for (Way way : Way.values()) {
            Place source = way.fromStore ? store : directory;
            Place ours = destination(way, "ours");
            List<String> sync = ourSync(source, ours, Datasets.SUBJECT_ONE);
            flushWrites();
            TimedCommand ourCopy = TimedCommand.run(way.name(), sync, environment, work);
            String row = "| " + way.description + " | " + figuresOrFailure(ourCopy);
            String detail = "  laion-mirror, " + way.description + ": " + (ourCopy.exitCode() == 0 ? whereTheTimeWent(ourCopy) + "; " : "")
                    + "in place " + held(ours);
            if (rclone) {
                Place theirs = destination(way, "rclone");
                flushWrites();
                TimedCommand theirCopy = TimedCommand.run(way.name(), rclone(List.of("--transfers", "16"), rclonePlace(source), rclonePlace(theirs)),
                        environment, work);
                row += " | " + figuresOrFailure(theirCopy) + " | " + ratio(ourCopy, theirCopy, TimedCommand::seconds) + " | "
                        + ratio(ourCopy, theirCopy, TimedCommand::cpuSeconds);
                detail += ", rclone's " + held(theirs);
            }
            report.add(row + " |");
            details.add(detail);
        }
        report.addAll(details);
    }

    /** The bytes round's copies. */
    private enum Way {
        STORE_TO_DIRECTORY("S3 store into a directory", true, false),
        DIRECTORY_TO_STORE("directory into an S3 store", false, true),
        DIRECTORY_TO_DIRECTORY("directory into a directory", false, false);

        private final String description;
        private final boolean fromStore;
        private final boolean intoStore;

        Way(String description, boolean fromStore, boolean intoStore) {
            this.description = description;
            this.fromStore = fromStore;
            this.intoStore = intoStore;
        }
    }

    /** An empty place for {@code tool}'s copy {@code way}: a bucket on the server or a directory. */
    private Place destination(Way way, String tool) throws IOException {
        String name = "bytes-" + way.name().toLowerCase(Locale.ROOT) + "-" + tool;
        return way.intoStore ? served(serve(name, List.of())) : directory(name);
    }

    /**
     * Untimed copies of {@code objects} by rclone from the server into a directory and back, so the
     * server's JIT has compiled its GET and PUT handling before the bytes round (the warm-up mirror copies
     * server-side only).
     */
    private void warmTransfers(List<ObjectEntry> objects) throws IOException {
        if (!installed("rclone")) {
            return;
        }
        Place source = served(serve("warm-transfers-source", objects));
        Place directory = directory("warm-transfers");
        Place mirror = served(serve("warm-transfers-mirror", List.of()));
        TimedCommand.run("warm-get", rclone(List.of("--transfers", "16"), rclonePlace(source), rclonePlace(directory)), environment, work);
        TimedCommand.run("warm-put", rclone(List.of("--transfers", "16"), rclonePlace(directory), rclonePlace(mirror)), environment, work);
    }

    /**
     * {@code runs} and {@code status} on a local mirror (a directory, one sync of one session in its
     * history), warm: each run once untimed (which also makes its class-data archive), then timed.
     */
    private void readOnlyRound(List<ObjectEntry> subjectOneSample) throws IOException {
        Place source = directory("read-only-source");
        Datasets.write(source.directory(), subjectOneSample);
        Place mirror = directory("read-only-mirror");
        TimedCommand sync = TimedCommand.run("read-only-sync", ourSync(source, mirror, ONE_SESSION), environment, work);
        if (sync.exitCode() != 0) {
            throw new IllegalStateException("the read-only round's sync failed (" + sync.exitCode() + "): " + sync.errText());
        }
        report.add(String.format(Locale.ROOT, "%nread-only commands on a local mirror (a directory, one run in its history), warm: the median of %d"
                + " after an untimed run", READ_ONLY_TIMES));
        report.add("| command | median | fastest - slowest | median cpu | peak memory |");
        report.add("|---|---|---|---|---|");
        for (String command : List.of("runs", "status")) {
            List<String> line = command(List.of(command, "--local", "--dest", mirror.directory().toString()), List.of());
            TimedCommand.run(command + "-warm", line, environment, work);
            List<TimedCommand> timed = new ArrayList<>();
            for (int i = 0; i < READ_ONLY_TIMES; i++) {
                timed.add(TimedCommand.run(command, line, environment, work));
            }
            TimedCommand failed = timed.stream().filter(run -> run.exitCode() != 0).findFirst().orElse(null);
            double[] seconds = timed.stream().mapToDouble(TimedCommand::seconds).sorted().toArray();
            double[] cpu = timed.stream().mapToDouble(TimedCommand::cpuSeconds).sorted().toArray();
            long peak = timed.stream().mapToLong(TimedCommand::peakKilobytes).max().orElse(-1);
            report.add(failed != null ? String.format(Locale.ROOT, "| %s --local --dest DIR | %s | | | |", command, figuresOrFailure(failed))
                    : String.format(Locale.ROOT, "| %s --local --dest DIR | %.2f s | %.2f - %.2f s | %s | %s |", command, seconds[seconds.length / 2],
                            seconds[0], seconds[seconds.length - 1], cpu[0] < 0 ? "?" : String.format(Locale.ROOT, "%.2f s", cpu[cpu.length / 2]),
                            peak < 0 ? "?" : peak / 1024 + " MB"));
        }
    }

    private TimedCommand[] ours(String name, String source, List<String> selection) throws IOException {
        return twice(ourSync(served(source), served(serve(name + "-ours", List.of())), selection));
    }

    /** Our sync of {@code selection} from {@code source} into {@code mirror}, once the licence is accepted on the mirror. */
    private List<String> ourSync(Place source, Place mirror, List<String> selection) {
        List<String> target = ourPlace("dest", mirror);
        TimedCommand accept = TimedCommand.run("accept", command(List.of("accept-license", "--local", "--yes"), target), environment, work);
        if (accept.exitCode() != 0) {
            throw new IllegalStateException("accept-license failed: " + accept.errText());
        }
        List<String> sync = new ArrayList<>(List.of("sync", "--local", "--json"));
        sync.addAll(ourPlace("source", source));
        sync.addAll(target);
        return command(sync, selection);
    }

    /** Where a copy reads or writes: a directory, or the server's bucket over it when {@code bucket} is set. */
    private record Place(Path directory, String bucket) {}

    /** A bucket on the server as a place. */
    private Place served(String bucket) {
        return new Place(work.resolve("buckets").resolve(bucket), bucket);
    }

    /** A new empty directory (not served) as a place. */
    private Place directory(String name) throws IOException {
        return new Place(Files.createDirectories(work.resolve("directories").resolve(name)), null);
    }

    /** Our client's options for a place, {@code role} {@code source} or {@code dest}. */
    private List<String> ourPlace(String role, Place place) {
        return place.bucket() == null ? List.of("--" + role, place.directory().toString())
                : List.of("--" + role, "s3://" + place.bucket(), "--" + role + "-endpoint", endpoint.toString());
    }

    /** rclone's name for a place: a local path, or an {@code :s3:} remote on the server. */
    private static String rclonePlace(Place place) {
        return place.bucket() == null ? place.directory().toString() : ":s3:" + place.bucket();
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
        return rclone(List.of("--fast-list", "--transfers", "32"), ":s3:" + source, ":s3:" + mirror);
    }

    /** {@code rclone copy --size-only} with {@code options}, its {@code :s3:} remotes on the server. */
    private List<String> rclone(List<String> options, String from, String to) {
        List<String> command = new ArrayList<>(List.of("rclone", "copy", "--size-only"));
        command.addAll(options);
        command.addAll(List.of("--s3-provider", "Other", "--s3-endpoint", endpoint.toString(), "--s3-access-key-id", "benchmark",
                "--s3-secret-access-key", "benchmark", "--s3-force-path-style", from, to));
        return command;
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

    /** Wall time, CPU time and peak memory. */
    private static String figures(TimedCommand run) {
        return String.format(Locale.ROOT, "%.1f s (cpu %s), %s", run.seconds(),
                run.cpuSeconds() < 0 ? "?" : String.format(Locale.ROOT, "%.1f s", run.cpuSeconds()),
                run.peakKilobytes() < 0 ? "?" : run.peakKilobytes() / 1024 + " MB");
    }

    /** Ours over theirs of one figure, or "-" when a run is missing, failed or lacks the figure. */
    private static String ratio(TimedCommand ours, TimedCommand theirs, ToDoubleFunction<TimedCommand> figure) {
        if (theirs == null || ours.exitCode() != 0 || theirs.exitCode() != 0 || figure.applyAsDouble(ours) < 0 || figure.applyAsDouble(theirs) <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", figure.applyAsDouble(ours) / figure.applyAsDouble(theirs));
    }

    /** The figures of a run that succeeded; the exit code and the last line of stderr of one that failed. */
    private static String figuresOrFailure(TimedCommand run) {
        if (run.exitCode() == 0) {
            return figures(run);
        }
        List<TimedCommand.Line> err = run.err();
        return "failed (exit " + run.exitCode() + ")" + (err.isEmpty() ? "" : ": " + err.get(err.size() - 1).text());
    }

    /** The objects and bytes a place holds, less our mirror's own folders ({@code _mirror/}, {@code .laion-mirror/}). */
    private static String held(Place place) throws IOException {
        try (Stream<Path> files = Files.walk(place.directory())) {
            long[] counts = new long[2];
            files.filter(Files::isRegularFile).filter(file -> {
                String key = place.directory().relativize(file).toString();
                return !key.startsWith("_mirror/") && !key.startsWith(".laion-mirror/");
            }).forEach(file -> {
                counts[0]++;
                counts[1] += file.toFile().length();
            });
            return String.format(Locale.ROOT, "%,d objects, %s", counts[0], human(counts[1]));
        }
    }

    /** Writes the disk's dirty pages out (the {@code sync} command), untimed. */
    private void flushWrites() {
        TimedCommand.run("flush", List.of("sync"), Map.of(), work);
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
