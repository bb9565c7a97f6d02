package org.laionfmri.mirror.datadir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.laionfmri.mirror.UserFolders;

/**
 * The {@code laion_fmri} package's configuration, the only way it finds its data directory:
 * {@code $XDG_CONFIG_HOME/laion_fmri/config.json} (default {@code ~/.config/laion_fmri/config.json}),
 * {@code {"data_dir": "<path>"}}, as {@code laion-fmri config --data-dir DIR} writes it.
 */
public final class PackageConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PackageConfig() {}

    /** The config file, as the package locates it in this environment. */
    public static Path file(Map<String, String> environment) {
        return UserFolders.config(environment).resolve("laion_fmri").resolve("config.json");
    }

    /** Points the package at {@code dataDirectory}, keeping whatever else the file holds; returns the file. */
    public static Path write(Path file, DataDirectory dataDirectory) {
        try {
            ObjectNode config = JSON.createObjectNode();
            if (Files.exists(file)) {
                JsonNode existing = JSON.readTree(file.toFile());
                if (existing instanceof ObjectNode object) {
                    config = object;
                }
            }
            config.put("data_dir", dataDirectory.root().toString());
            Files.createDirectories(file.getParent());
            Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the laion_fmri configuration " + file + ": " + e.getMessage(), e);
        }
    }
}
