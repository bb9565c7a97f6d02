package org.laionfmri.mirror.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.laionfmri.mirror.error.UnsafeKey;

/** A key is a path inside its root only as a relative path of plain names: whatever else a store holds is refused, not normalised. */
class ContainedPathsTest {

    private static final Path ROOT = Path.of("/data/laion");

    @Test
    void aKeyOfPlainNamesIsThosePathNames() {
        assertThat(ContainedPaths.names(ROOT, "derivatives/freesurfer/sub-01/mri/a..b %2F c\\d.mgz"))
                .containsExactly("derivatives", "freesurfer", "sub-01", "mri", "a..b %2F c\\d.mgz");
        assertThat(ContainedPaths.names(ROOT, "README")).containsExactly("README");
        assertThat(ContainedPaths.names(ROOT, "sub-01/" + "a".repeat(251) + ".txt")).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"derivatives/freesurfer/sub-01/../../../../escaped", "..", "../x", "a/./b", "./a", "/etc/passwd", "a//b", "a/b/",
            ""})
    void anyOtherKeyIsRefusedNamingItAndTheRoot(String key) {
        assertThatThrownBy(() -> ContainedPaths.names(ROOT, key)).isInstanceOf(UnsafeKey.class)
                .hasMessageStartingWith("\"" + key + "\" has ")
                .hasMessageEndingWith("could lead out of /data/laion: it was refused, and nothing was written for it.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/\u0000/b", "lone\ud800surrogate.txt"})
    void aNameNoFileCanHaveIsRefusedNamingTheKeyAndTheRoot(String key) {
        assertThatThrownBy(() -> ContainedPaths.names(ROOT, key)).isInstanceOf(UnsafeKey.class)
                .hasMessageStartingWith("\"" + key.replace("\u0000", "\\u0000") + "\" has a ")
                .hasMessageEndingWith(", so it cannot be a path in /data/laion: it was refused, and nothing was written for it.");
    }

    @Test
    void aNameOfMoreThan255BytesSaysHowMany() {
        assertThatThrownBy(() -> ContainedPaths.names(ROOT, "sub-01/" + "\u00e9".repeat(128) + ".gz")).isInstanceOf(UnsafeKey.class)
                .hasMessageContaining("has a name of 259 bytes, and a file name holds at most 255, so it cannot be a path in /data/laion: it was"
                        + " refused, and nothing was written for it.");
    }

    @Test
    void aListingPrefixLiesInTheFoldersBeforeItsLastSlashAndIsCheckedAsAKey() {
        assertThat(ContainedPaths.folderNames(ROOT, "")).isEmpty();
        assertThat(ContainedPaths.folderNames(ROOT, "sub-01/ses-0")).isEqualTo(List.of("sub-01"));
        assertThat(ContainedPaths.folderNames(ROOT, "sub-01/ses-04/")).isEqualTo(List.of("sub-01", "ses-04"));
        assertThatThrownBy(() -> ContainedPaths.folderNames(ROOT, "../outside/")).isInstanceOf(UnsafeKey.class)
                .hasMessageStartingWith("\"../outside/\" has a \"..\" name, so its path could lead out of /data/laion");
        assertThatThrownBy(() -> ContainedPaths.folderNames(ROOT, "/etc/")).isInstanceOf(UnsafeKey.class);
        assertThatThrownBy(() -> ContainedPaths.folderNames(ROOT, "sub-01/nul\u0000")).isInstanceOf(UnsafeKey.class)
                .hasMessageContaining("has a NUL character");
    }
}
