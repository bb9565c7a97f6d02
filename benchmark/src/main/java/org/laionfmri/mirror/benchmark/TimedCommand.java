package org.laionfmri.mirror.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command run as a whole process, timed from outside: its wall time, its peak memory (the resident
 * set of its largest process, from {@code /usr/bin/time}), the moment each line of its stderr came, and
 * what it printed.
 */
record TimedCommand(String name, double seconds, long peakKilobytes, int exitCode, String out, List<Line> err) {

    /** A line of stderr and when it came, in seconds from the start. */
    record Line(double at, String text) {}

    private static final Path TIME = Path.of("/usr/bin/time");

    static TimedCommand run(String name, List<String> command, Map<String, String> environment, Path workDirectory) {
        try {
            Path memory = Files.createTempFile(workDirectory, "peak-memory", ".txt");
            List<String> timed = new ArrayList<>();
            if (Files.isExecutable(TIME)) {
                timed.addAll(List.of(TIME.toString(), "-f", "%M", "-o", memory.toString()));
            }
            timed.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(timed).directory(workDirectory.toFile());
            builder.environment().putAll(environment);
            builder.environment().remove("AWS_CA_BUNDLE"); // rclone reads it and fails on a loopback http endpoint
            long start = System.nanoTime();
            Process process = builder.start();
            process.getOutputStream().close();
            List<Line> err = new ArrayList<>();
            Thread stderr = new Thread(() -> {
                try (var reader = process.errorReader(StandardCharsets.UTF_8)) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        synchronized (err) {
                            err.add(new Line((System.nanoTime() - start) / 1e9, line));
                        }
                    }
                } catch (IOException ended) {
                    return;
                }
            });
            stderr.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            stderr.join();
            List<String> timeOutput = Files.readAllLines(memory); // a failed command's line comes first, the peak last
            String peak = timeOutput.isEmpty() ? "" : timeOutput.get(timeOutput.size() - 1).strip();
            Files.delete(memory);
            return new TimedCommand(name, seconds, peak.matches("\\d+") ? Long.parseLong(peak) : -1, exit, out, List.copyOf(err));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** When the first stderr line holding {@code text} came, or -1. */
    double lineAt(String text) {
        return err.stream().filter(line -> line.text().contains(text)).mapToDouble(Line::at).findFirst().orElse(-1);
    }

    String errText() {
        return String.join("\n", err.stream().map(Line::text).toList());
    }
}
