package org.laionfmri.mirror.datadir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.laionfmri.mirror.error.LinkRefused;
import org.laionfmri.mirror.error.UnsafeKey;
import org.laionfmri.mirror.files.ContainedFolder;
import org.laionfmri.mirror.files.ContainedPaths;

/**
 * The data directory the {@code laion_fmri} package reads: each bucket key at the directory plus the
 * key, with the package's one renaming (hyphens removed from a {@code label-} value, which is how its
 * ROI loaders look files up), the package's own files in {@code .laion_fmri/}, and the CC0 acceptance
 * as the empty file {@code .laion_fmri/license_accepted}. Every key stays inside the directory, and nothing
 * is written through a link in it (see {@link ContainedFolder}).
 */
public record DataDirectory(Path root) {

    /** A {@code label-} value: from after {@code label-} to the next {@code _}, {@code .} or {@code /}. */
    private static final Pattern LABEL_VALUE = Pattern.compile("(?<=(?:^|[/_])label-)[^_./]+");
    /** How a file being written is named until it is whole (upstream resumes such a file). */
    public static final String PART = ".part";
    private static final String PACKAGE_FOLDER = ".laion_fmri";
    private static final String LICENCE_MARKER = "license_accepted";

    public DataDirectory {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * The file names where the package reads {@code key} from, below the root.
     *
     * @throws UnsafeKey when the key is no relative path of plain names: it could lead out of the directory
     */
    public List<String> names(String key) {
        return ContainedPaths.names(root, localName(key));
    }

    /** Whether the file of {@code key} is in place with {@code size} bytes: a regular file, reached with no link on the way. */
    public boolean holds(String key, long size) throws IOException {
        List<String> names = names(key);
        Optional<ContainedFolder> found = folderOf(names);
        if (found.isEmpty()) {
            return false;
        }
        try (ContainedFolder folder = found.get()) {
            return folder.attributes(ContainedPaths.fileName(names)).filter(file -> file.isRegularFile() && file.size() == size).isPresent();
        }
    }

    /** Reads the file of {@code key}, reached with no link on the way and not a link itself. */
    public InputStream read(String key) throws IOException {
        List<String> names = names(key);
        try (ContainedFolder folder = folderOf(names).orElseThrow(() -> new NoSuchFileException(root.resolve(String.join("/", names)).toString(),
                null, "no such file, or a link on its way"))) {
            return Channels.newInputStream(folder.read(ContainedPaths.fileName(names)));
        }
    }

    /** The folder of the file {@code names} lead to, as it is: empty when it or the root is missing, or one on the way is no folder (a link). */
    private Optional<ContainedFolder> folderOf(List<String> names) throws IOException {
        try (ContainedFolder rootFolder = ContainedFolder.open(root)) {
            return rootFolder.find(ContainedPaths.folders(names));
        } catch (NoSuchFileException noDirectory) {
            return Optional.empty();
        }
    }

    /**
     * The folder {@code names} lead to below the root, each missing one made (the root too: the user
     * named it, and a link there is theirs).
     *
     * @param forWhat what they are made for, as people read it (a key, quoted), for the messages
     * @throws LinkRefused when a link stands where one of them is
     */
    public ContainedFolder makeFolders(List<String> names, String forWhat) throws IOException {
        Files.createDirectories(root);
        try (ContainedFolder rootFolder = ContainedFolder.open(root)) {
            return rootFolder.make(names, forWhat, ContainedFolder.inPlace());
        }
    }

    /** {@code ..._label-FFA-1_mask.nii.gz} is stored as {@code ..._label-FFA1_mask.nii.gz}; every other key as it is. */
    public static String localName(String key) {
        Matcher value = LABEL_VALUE.matcher(key);
        StringBuilder renamed = new StringBuilder();
        while (value.find()) {
            value.appendReplacement(renamed, Matcher.quoteReplacement(value.group().replace("-", "")));
        }
        value.appendTail(renamed);
        return renamed.toString();
    }

    /** The package's own folder in the data directory. */
    public Path packageFolder() {
        return root.resolve(PACKAGE_FOLDER);
    }

    /** The CC0 acceptance marker: without it the package asks for I AGREE again before a download. */
    public Path licenceMarker() {
        return packageFolder().resolve(LICENCE_MARKER);
    }

    /** Writes the CC0 acceptance marker, as the package does when the licence is accepted (the directory is made if missing; a link there is replaced). */
    public void writeLicenceMarker() {
        try (ContainedFolder folder = makeFolders(List.of(PACKAGE_FOLDER), "the licence marker")) {
            folder.deleteIfExists(LICENCE_MARKER);
            folder.create(LICENCE_MARKER).close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the licence marker " + licenceMarker() + ": " + e.getMessage(), e);
        }
    }
}
