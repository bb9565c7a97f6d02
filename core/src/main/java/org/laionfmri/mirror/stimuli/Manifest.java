package org.laionfmri.mirror.stimuli;

import java.util.List;
import java.util.Optional;

/** The access service's public manifest: what the stimulus files are and which terms are current. */
public record Manifest(String dataset, String currentTermsVersion, List<String> versions, List<StimulusFile> files) {

    public Manifest {
        versions = List.copyOf(versions);
        files = List.copyOf(files);
    }

    public Optional<StimulusFile> file(String name) {
        return files.stream().filter(file -> file.name().equals(name)).findFirst();
    }
}
