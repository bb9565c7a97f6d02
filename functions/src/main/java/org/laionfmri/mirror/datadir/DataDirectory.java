package org.laionfmri.mirror.datadir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
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
    private static final String LICENCE_MARKER = "license_accepted";

    public DataDirectory {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * Where the package reads {@code key} from, relative to the root.
     *
     * @throws UnsafeKey when the key is no relative path of plain names: it could lead out of the directory
     */
    public Path relativePath(String key) {
        return ContainedPaths.relative(root, localName(key));
    }

    /** Whether the file of {@code key} is in place with {@code size} bytes: a regular file, reached with no link on the way. */
    public boolean holds(String key, long size) throws IOException {
        Path file = relativePath(key);
        try (ContainedFolder folder = folder(file.getParent(), false)) {
            return folder.holds(file.getFileName().toString(), size);
        } catch (NoSuchFileException | NotDirectoryException | LinkRefused notThere) {
            return false;
        }
    }

    /** Reads the file of {@code key}, reached with no link on the way and not a link itself. */
    public InputStream read(String key) throws IOException {
        Path file = relativePath(key);
        try (ContainedFolder folder = folder(file.getParent(), false)) {
            return folder.read(file.getFileName().toString());
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
        return root.resolve(".laion_fmri");
    }

    /** The CC0 acceptance marker: without it the package asks for I AGREE again before a download. */
    public Path licenceMarker() {
        return packageFolder().resolve(LICENCE_MARKER);
    }

    /** Writes the CC0 acceptance marker, as the package does when the licence is accepted (the directory is made if missing). */
    public void writeLicenceMarker() {
        try (ContainedFolder folder = folder(root.relativize(packageFolder()), true)) {
            folder.createNew(LICENCE_MARKER).close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the licence marker " + licenceMarker() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The folder {@code relative} (null: the root) opened with no link followed below the root; with
     * {@code create}, made if missing, the root too (the user named the root: a link there is theirs).
     */
    public ContainedFolder folder(Path relative, boolean create) throws IOException {
        if (create) {
            Files.createDirectories(root);
        }
        return ContainedFolder.open(root, relative, create);
    }
}
