package org.laionfmri.mirror.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB API on this machine: dynalite (an npm package) run by the machine's Node.js, on a free
 * loopback port, in memory or keeping its data in a folder. Its pinned npm install lives in a cache
 * folder, made once with {@code npm ci} from the lockfile shipped with this class.
 */
public final class LocalDynamo implements AutoCloseable {

    private static final String RESOURCES = "/dynalite/";
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "dynalite-server.js");
    private static final Pattern READY = Pattern.compile("DYNALITE_READY port=(\\d+)");
    private static final Region LOCAL_REGION = Region.US_EAST_1;

    private final Process process;
    private final URI endpoint;
    private final DynamoDbClient client;

    private LocalDynamo(Process process, URI endpoint, DynamoDbClient client) {
        this.process = process;
        this.endpoint = endpoint;
        this.client = client;
    }

    /** Starts dynalite keeping its data in memory ({@code dataDir} null) or in {@code dataDir}, made if missing. */
    public static LocalDynamo start(Path dataDir) {
        return start(dataDir, false);
    }

    /**
     * Starts dynalite on the store in {@code dataDir}; with {@code existing}, the folder must hold a
     * store already, and a damaged one fails to start rather than starting empty.
     */
    public static LocalDynamo start(Path dataDir, boolean existing) {
        Path home = NpmInstall.install("dynalite", LocalDynamo.class, RESOURCES, FILES);
        List<String> command = new ArrayList<>(List.of("node", "dynalite-server.js"));
        try {
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                command.addAll(List.of("--path", dataDir.toAbsolutePath().toString()));
                if (existing) {
                    command.add("--existing");
                }
            }
            Process process = ChildProcesses.builder(home, command).redirectErrorStream(true).start();
            CompletableFuture<URI> endpoint = new CompletableFuture<>();
            // the client is built while Node starts (a fifth of a second of class loading saved), and reaches the server once it is up
            DynamoDbClient client = client(endpoint);
            try {
                endpoint.complete(URI.create("http://127.0.0.1:" + awaitReady(process)));
            } catch (RuntimeException notStarted) {
                client.close();
                throw notStarted;
            }
            return new LocalDynamo(process, endpoint.join(), client);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start dynalite (is Node.js installed?): " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The client of this server, closed with it. */
    public DynamoDbClient client() {
        return client;
    }

    /** A client for the server at {@code endpoint}, once known: any region and credentials do, dynalite checks neither. */
    private static DynamoDbClient client(CompletableFuture<URI> endpoint) {
        return DynamoDbClient.builder()
                .endpointProvider(params -> endpoint.thenApply(url -> Endpoint.builder().url(url).build()))
                .region(LOCAL_REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** Stops the server; with a data folder, LevelDB is closed cleanly first. */
    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the server's output until it is ready, and keeps draining it so the process never blocks. */
    private static int awaitReady(Process process) {
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            StringBuilder output = new StringBuilder();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher matcher = READY.matcher(line);
                    if (matcher.find()) {
                        ready.complete(Integer.parseInt(matcher.group(1)));
                    } else if (!ready.isDone()) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException closed) {
                output.append(closed.getMessage());
            }
            ready.completeExceptionally(new IllegalStateException("dynalite stopped before it was ready:\n" + output));
        }, "dynalite-output");
        drain.setDaemon(true);
        drain.start();
        try {
            return ready.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("dynalite did not start: " + (e.getCause() != null ? e.getCause().getMessage() : "timed out"), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting dynalite", e);
        }
    }
}
