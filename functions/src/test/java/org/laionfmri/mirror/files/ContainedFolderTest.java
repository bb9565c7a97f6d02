package org.laionfmri.mirror.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.laionfmri.mirror.error.LinkRefused;

/**
 * Links planted under a root are never followed: not on the way to a folder, not at a file's name. The
 * same outcomes relative to open folders ({@code openat}) and, where a platform has none, by path.
 */
class ContainedFolderTest {

    @TempDir
    Path workspace;
    private Path root;
    private Path outside;
    private Path victim;

    @BeforeEach
    void plantAVictimOutsideTheRoot() throws IOException {
        root = Files.createDirectory(workspace.resolve("data"));
        outside = Files.createDirectory(workspace.resolve("outside"));
        victim = Files.writeString(outside.resolve("victim"), "the victim's own");
    }

    @ParameterizedTest(name = "at folders: {0}")
    @ValueSource(booleans = {true, false})
    void aLinkOnTheWayToAFolderIsRefusedAndNothingIsMadeBeyondIt(boolean atFolders) throws IOException {
        Files.createDirectory(root.resolve("derivatives"));
        Files.createSymbolicLink(root.resolve("derivatives/freesurfer"), outside);

        assertThatThrownBy(() -> ContainedFolder.open(root, Path.of("derivatives/freesurfer/sub-01"), true, atFolders))
                .isInstanceOf(LinkRefused.class).hasMessageStartingWith(root.resolve("derivatives/freesurfer") + " is a link: nothing is written through a link");
        try (var listing = Files.list(outside)) {
            assertThat(listing).containsExactly(victim);
        }
    }

    @ParameterizedTest(name = "at folders: {0}")
    @ValueSource(booleans = {true, false})
    void aNewFileReplacesALinkOfItsNameAndTheRenameReplacesALinkAtTheTarget(boolean atFolders) throws IOException {
        Files.createDirectories(root.resolve("stimuli"));
        Files.createSymbolicLink(root.resolve("stimuli/images.h5.part"), victim);
        Files.createSymbolicLink(root.resolve("stimuli/images.h5"), victim);

        try (ContainedFolder folder = ContainedFolder.open(root, Path.of("stimuli"), false, atFolders)) {
            assertThat(folder.holds("images.h5", Files.size(victim))).as("a link is no file in place").isFalse();
            assertThatThrownBy(() -> folder.read("images.h5").close()).isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
            try (OutputStream out = folder.createNew("images.h5.part")) {
                out.write("pixels".getBytes(StandardCharsets.UTF_8));
            }
            folder.rename("images.h5.part", "images.h5");
            assertThat(folder.holds("images.h5", 6)).isTrue();
            try (InputStream in = folder.read("images.h5")) {
                assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("pixels");
            }
            folder.deleteIfExists("images.h5.part");
        }
        assertThat(victim).hasContent("the victim's own");
        assertThat(root.resolve("stimuli/images.h5")).isRegularFile().hasContent("pixels");
        assertThat(root.resolve("stimuli/images.h5.part")).doesNotExist();
    }

    @ParameterizedTest(name = "at folders: {0}")
    @ValueSource(booleans = {true, false})
    void foldersAreMadeOnlyWhenAsked(boolean atFolders) throws IOException {
        assertThatThrownBy(() -> ContainedFolder.open(root, Path.of("a/b"), false, atFolders)).isInstanceOf(NoSuchFileException.class);
        assertThat(root.resolve("a")).doesNotExist();

        try (ContainedFolder folder = ContainedFolder.open(root, Path.of("a/b"), true, atFolders)) {
            assertThat(folder.path()).isEqualTo(root.resolve("a/b")).isDirectory();
            assertThat(folder.attributes("nothing")).isEmpty();
        }
    }
}
