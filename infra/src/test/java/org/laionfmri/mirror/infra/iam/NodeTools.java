package org.laionfmri.mirror.infra.iam;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.laionfmri.mirror.testing.NpmInstall;

/**
 * The npm tools of these tests, iam-simulate and AWS's Amazon States Language service, pinned by the
 * lockfile in {@code src/test/resources/iam-tools/} and installed once per machine (see {@link
 * NpmInstall}); each script reads its input on stdin and answers JSON on stdout.
 */
final class NodeTools {

    private static final List<String> FILES = List.of("package.json", "package-lock.json", "simulate.js", "validate-asl.js");

    private NodeTools() {}

    /** Runs {@code script} with {@code input} on its stdin; returns its stdout. */
    static String run(String script, String input) {
        Path home = Installed.HOME;
        try {
            Path errors = Files.createTempFile("laion-mirror-" + script, ".stderr");
            try {
                // stderr to a file: the process can never block on a full pipe nobody reads
                Process node = new ProcessBuilder("node", script).directory(home.toFile()).redirectError(errors.toFile()).start();
                try (OutputStream stdin = node.getOutputStream()) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8)); // the scripts read all their input before writing
                }
                String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!node.waitFor(2, TimeUnit.MINUTES) || node.exitValue() != 0) {
                    node.destroyForcibly();
                    throw new IllegalStateException("node " + script + " failed:\n" + Files.readString(errors));
                }
                return output;
            } finally {
                Files.delete(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run node " + script + " (is Node.js installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running node " + script, e);
        }
    }

    /** Installed on first use, once per JVM. */
    private static final class Installed {
        static final Path HOME = NpmInstall.install("iam-tools", NodeTools.class, "/iam-tools/", FILES);
    }
}
