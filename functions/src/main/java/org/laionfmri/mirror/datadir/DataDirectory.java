package org.laionfmri.mirror.datadir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data directory the {@code laion_fmri} package reads: each bucket key at the directory plus the
 * key, with the package's one renaming (hyphens removed from a {@code label-} value, which is how its
 * ROI loaders look files up), the package's own files in {@code .laion_fmri/}, and the CC0 acceptance
 * as the empty file {@code .laion_fmri/license_accepted}.
 */
public record DataDirectory(Path root) {

    /** A {@code label-} value: from after {@code label-} to the next {@code _}, {@code .} or {@code /}. */
    private static final Pattern LABEL_VALUE = Pattern.compile("(?<=(?:^|[/_])label-)[^_./]+");
    /** How a file being written is named until it is whole (upstream resumes such a file). */
    public static final String PART = ".part";

    public DataDirectory {
        root = root.toAbsolutePath().normalize();
    }

    /** The path the package reads {@code key} from. */
    public Path localPath(String key) {
        return root.resolve(localName(key));
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

    /** Where a file is written until it is whole: {@code <name>.part} beside it. */
    public static Path partOf(Path file) {
        return file.resolveSibling(file.getFileName() + PART);
    }

    /** The package's own folder in the data directory. */
    public Path packageFolder() {
        return root.resolve(".laion_fmri");
    }

    /** The CC0 acceptance marker: without it the package asks for I AGREE again before a download. */
    public Path licenceMarker() {
        return packageFolder().resolve("license_accepted");
    }
}
