package org.laionfmri.mirror.stimuli;

import java.util.Optional;
import java.util.function.Supplier;

/** A stimulus file as the public manifest announces it. */
public record StimulusFile(String name, long size, String sha256) {

    /**
     * What is wrong with a stored copy of this file, for people: empty when it has the announced size and
     * sha256. The copy's sha256 (null when unknown: no match) is asked for only once its size is right,
     * since reading its bytes is what costs.
     */
    public Optional<String> mismatch(long storedSize, Supplier<String> storedSha256) {
        if (storedSize != size) {
            return Optional.of("its size is " + storedSize + ", not " + size);
        }
        return sha256.equalsIgnoreCase(storedSha256.get()) ? Optional.empty() : Optional.of("its sha256 is not the manifest's");
    }
}
