package org.laionfmri.mirror.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code laion-mirror} as a separate process, as a user runs it from a shell (with this test JVM's
 * classpath), so that it can be interrupted with a real signal or killed.
 */
final class CommandProcess implements AutoCloseable {

    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private CommandProcess(Process process) {
        this.process = process;
        drain(process.getInputStream(), out);
        drain(process.getErrorStream(), err);
    }

    /** Starts {@code laion-mirror args...} with the JVM settings {@code jvmSettings} ({@code -Dname=value}). */
    static CommandProcess start(Path workingDirectory, List<String> jvmSettings, String... args) {
        return start(workingDirectory, Map.of(), jvmSettings, args);
    }

    /** The same, with {@code environment} added to this JVM's (a null value removes the variable). */
    static CommandProcess start(Path workingDirectory, Map<String, String> environment, List<String> jvmSettings, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmSettings);
        command.add(LaionMirror.class.getName());
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            return new CommandProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Waits until stderr holds {@code text}; false if the process ended or the time ran out first. */
    boolean awaitErr(String text, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (err().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return err().contains(text);
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Sends a signal ({@code INT}, {@code TERM}, {@code KILL}), as a terminal's Ctrl-C or kill would. */
    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** Waits for the process to end; its exit code. */
    int exitCode(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("laion-mirror did not end within " + within + "; stderr:\n" + err());
        }
        Thread.sleep(100); // the last output drains
        return process.exitValue();
    }

    String out() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    String err() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    private static void drain(InputStream stream, ByteArrayOutputStream into) {
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (stream) {
                for (int read = stream.read(buffer); read >= 0; read = stream.read(buffer)) {
                    synchronized (into) {
                        into.write(buffer, 0, read);
                    }
                }
            } catch (IOException ended) {
                return;
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
