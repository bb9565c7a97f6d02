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
 * A command run as a whole process, timed from outside: its wall time, its CPU time (user and system, its
 * children's included) and peak memory (the resident set of its largest process), both from
 * {@code /usr/bin/time} (-1 without it), the moment each line of its stderr came, and what it printed.
 * On a shared machine the CPU time is the steadier figure.
 */
record TimedCommand(String name, double seconds, double cpuSeconds, long peakKilobytes, int exitCode, String out, List<Line> err) {

    /** A line of stderr and when it came, in seconds from the start. */
    record Line(double at, String text) {}

    private static final Path TIME = Path.of("/usr/bin/time");

    static TimedCommand run(String name, List<String> command, Map<String, String> environment, Path workDirectory) {
        try {
            Path resources = Files.createTempFile(workDirectory, "resources", ".txt");
            List<String> timed = new ArrayList<>();
            if (Files.isExecutable(TIME)) {
                timed.addAll(List.of(TIME.toString(), "-f", "%U %S %M", "-o", resources.toString()));
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
            List<String> timeOutput = Files.readAllLines(resources); // a failed command's line comes first, the figures last
            String figures = timeOutput.isEmpty() ? "" : timeOutput.get(timeOutput.size() - 1).strip();
            Files.delete(resources);
            if (!figures.matches("\\d+\\.\\d+ \\d+\\.\\d+ \\d+")) {
                return new TimedCommand(name, seconds, -1, -1, exit, out, List.copyOf(err));
            }
            String[] fields = figures.split(" ");
            double cpu = Double.parseDouble(fields[0]) + Double.parseDouble(fields[1]);
            return new TimedCommand(name, seconds, cpu, Long.parseLong(fields[2]), exit, out, List.copyOf(err));
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
