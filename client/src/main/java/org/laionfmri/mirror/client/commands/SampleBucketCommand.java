package org.laionfmri.mirror.client.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.laionfmri.mirror.client.ExitCode;
import org.laionfmri.mirror.client.output.Bytes;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.storage.ObjectEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code laion-mirror sample-bucket DIR}: a small offline stand-in for the public bucket. */
@Command(name = "sample-bucket", mixinStandardHelpOptions = true,
        description = {"Writes a sample of the dataset's layout into a directory, to try the mirror offline:",
                "every prefix, subject, held-out session and stimulus derivative of the real bucket,",
                "with small bodies (about 6 MB in all). Use the directory as --source.",
                "Safe to re-run; a directory holding anything but the sample is refused."})
final class SampleBucketCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A new directory, or one that holds the sample only.")
    Path directory;

    @Override
    public Integer call() throws IOException {
        List<ObjectEntry> entries = SampleBucket.nominalEntries();
        Set<String> keys = entries.stream().map(ObjectEntry::key).collect(Collectors.toSet());
        Optional<Path> foreign = firstFileOutside(keys);
        if (foreign.isPresent()) {
            throw new ParameterException(spec.commandLine(), "DIR: " + directory + " holds " + foreign.get()
                    + ", which is not part of the sample; choose a new directory");
        }
        SampleBucket.writeDirectory(directory, entries);
        long bytes = SampleBucket.materialised(entries).stream().mapToLong(ObjectEntry::size).sum();
        spec.commandLine().getErr().printf("Wrote %d objects (%s) to %s%n", entries.size(), Bytes.human(bytes), directory);
        return ExitCode.OK;
    }

    /** A file under the directory that the sample would not have written (or the directory itself, if it is a file). */
    private Optional<Path> firstFileOutside(Set<String> keys) throws IOException {
        if (!Files.exists(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(path -> !Files.isDirectory(path))
                    .filter(path -> !keys.contains(directory.relativize(path).toString().replace('\\', '/')))
                    .findFirst();
        }
    }
}
