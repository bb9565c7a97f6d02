package org.laionfmri.mirror.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.laionfmri.mirror.error.UnsafeKey;

/** A key is a path inside its root only as a relative path of plain names: whatever else a store holds is refused, not normalised. */
class ContainedPathsTest {

    private static final Path ROOT = Path.of("/data/laion");

    @Test
    void aKeyOfPlainNamesIsThosePathNames() {
        assertThat(ContainedPaths.relative(ROOT, "derivatives/freesurfer/sub-01/mri/a..b %2F c\\d.mgz"))
                .isEqualTo(Path.of("derivatives", "freesurfer", "sub-01", "mri", "a..b %2F c\\d.mgz"));
        assertThat(ContainedPaths.relative(ROOT, "README")).isEqualTo(Path.of("README"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"derivatives/freesurfer/sub-01/../../../../escaped", "..", "../x", "a/./b", "./a", "/etc/passwd", "a//b", "a/b/",
            "", "a/\u0000/b"})
    void anyOtherKeyIsRefusedNamingItAndTheRoot(String key) {
        assertThatThrownBy(() -> ContainedPaths.relative(ROOT, key)).isInstanceOf(UnsafeKey.class)
                .hasMessageStartingWith("\"" + key.replace("\u0000", "\\u0000") + "\" has ")
                .hasMessageContaining("could lead out of /data/laion: it was refused, and nothing was written for it");
    }
}
