package org.laionfmri.mirror.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.UserFolders;

/**
 * A pinned npm package set, installed once per machine: its {@code package.json}, {@code
 * package-lock.json} and scripts ship as classpath resources, and {@code npm ci} installs them into
 * {@code $XDG_CACHE_HOME/laion-mirror/<name>-<hash of the files>} (by default under {@code ~/.cache}). A change to any file is a new folder, so a
 * stale install is never reused; the lock lets several JVMs start at once.
 */
public final class NpmInstall {

    private NpmInstall() {}

    /**
     * The folder holding the install of {@code files}, read from {@code resourceFolder} (e.g.
     * {@code "/dynalite/"}) next to {@code anchor}: made with {@code npm ci} under a file lock unless an
     * earlier install completed (its marker exists).
     */
    public static Path install(String name, Class<?> anchor, String resourceFolder, List<String> files) {
        try {
            MessageDigest version = Sha256.digest();
            for (String file : files) {
                version.update(resource(anchor, resourceFolder + file));
            }
            Path home = UserFolders.cache(System.getenv()).resolve("laion-mirror").resolve(name + "-" + Sha256.hex(version).substring(0, 12));
            Files.createDirectories(home);
            try (FileChannel channel = FileChannel.open(home.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                Path installed = home.resolve("node_modules/.installed");
                if (Files.exists(installed)) {
                    return home;
                }
                for (String file : files) {
                    Files.write(home.resolve(file), resource(anchor, resourceFolder + file));
                }
                runNpmCi(home, name);
                Files.createFile(installed);
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("could not install " + name + ": " + e.getMessage(), e);
        }
    }

    private static void runNpmCi(Path home, String name) throws IOException {
        Process npm = ChildProcesses.builder(home, List.of("npm", "ci", "--no-audit", "--no-fund")).redirectErrorStream(true).start();
        npm.getOutputStream().close();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IOException("npm ci failed in " + home + ":\n" + output);
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while installing " + name, e);
        }
    }

    private static byte[] resource(Class<?> anchor, String path) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException(path + " is missing from the classpath");
            }
            return in.readAllBytes();
        }
    }
}
