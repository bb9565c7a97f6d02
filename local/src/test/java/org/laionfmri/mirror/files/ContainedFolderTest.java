package org.laionfmri.mirror.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.laionfmri.mirror.error.LinkRefused;

/**
 * Links planted under a root are never followed: not on the way to a folder, not at a file's name, not
 * even when no look came first (a link swapped in after the look). The same outcomes relative to open
 * folders ({@code openat}) and, where a platform has none, by path.
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

        try (ContainedFolder rootFolder = ContainedFolder.open(root, atFolders)) {
            assertThatThrownBy(() -> rootFolder.make(List.of("derivatives", "freesurfer", "sub-01"), "\"a key\"", ContainedFolder.inPlace()))
                    .isInstanceOf(LinkRefused.class).hasMessage("Cannot store \"a key\": " + root.resolve("derivatives/freesurfer")
                            + " is a symbolic link, and links are not followed, so nothing is written under it; move it away (or put the folder it"
                            + " points to in its place), then run the command again.");
            assertThat(rootFolder.find(List.of("derivatives", "freesurfer"))).as("a link is no folder").isEmpty();
        }
        try (var listing = Files.list(outside)) {
            assertThat(listing).containsExactly(victim);
        }
    }

    @ParameterizedTest(name = "at folders: {0}")
    @ValueSource(booleans = {true, false})
    void aFileWhereAFolderMustBeIsSaidWithWhatToDo(boolean atFolders) throws IOException {
        Files.writeString(root.resolve("derivatives"), "a file");

        try (ContainedFolder rootFolder = ContainedFolder.open(root, atFolders)) {
            assertThatThrownBy(() -> rootFolder.make(List.of("derivatives", "sub-01"), "\"a key\"", ContainedFolder.inPlace()))
                    .isInstanceOf(UncheckedIOException.class).hasMessage("Cannot store \"a key\": " + root.resolve("derivatives")
                            + " is a file, not a folder; move it away, then run the command again.");
        }
        assertThat(root.resolve("derivatives")).hasContent("a file");
    }

    @ParameterizedTest(name = "at folders: {0}")
    @ValueSource(booleans = {true, false})
    void aNewFileReplacesALinkOfItsNameAndTheRenameReplacesALinkAtTheTarget(boolean atFolders) throws IOException {
        Files.createDirectories(root.resolve("stimuli"));
        Files.createSymbolicLink(root.resolve("stimuli/images.h5.part"), victim);
        Files.createSymbolicLink(root.resolve("stimuli/images.h5"), victim);

        try (ContainedFolder rootFolder = ContainedFolder.open(root, atFolders); ContainedFolder folder = rootFolder.find(List.of("stimuli")).orElseThrow()) {
            assertThat(folder.attributes("images.h5")).as("a link is no file in place").hasValueSatisfying(link -> assertThat(link.isSymbolicLink()).isTrue());
            assertThatThrownBy(() -> folder.read("images.h5").close()).isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
            try (NewFile part = NewFile.create(folder, "images.h5.part")) {
                part.channel().write(ByteBuffer.wrap("pixels".getBytes(StandardCharsets.UTF_8)));
                assertThat(part.finish().size()).isEqualTo(6);
                part.place(folder, "images.h5", "\"stimuli/images.h5\"");
            }
            assertThat(folder.attributes("images.h5")).hasValueSatisfying(file -> assertThat(file.isRegularFile() && file.size() == 6).isTrue());
            try (InputStream in = Channels.newInputStream(folder.read("images.h5"))) {
                assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("pixels");
            }
        }
        assertThat(victim).hasContent("the victim's own");
        assertThat(root.resolve("stimuli/images.h5")).isRegularFile().hasContent("pixels");
        assertThat(root.resolve("stimuli/images.h5.part")).doesNotExist();
    }

    @ParameterizedTest(name = "at folders: {0}")
    @ValueSource(booleans = {true, false})
    void aNewFileClosedUnplacedIsRemovedAndOneCannotTakeAFoldersName(boolean atFolders) throws IOException {
        Files.createDirectories(root.resolve("sub-01/anat"));

        try (ContainedFolder folder = ContainedFolder.open(root, atFolders)) {
            try (NewFile part = NewFile.create(folder, "sub-01.part")) {
                part.channel().write(ByteBuffer.wrap("partial".getBytes(StandardCharsets.UTF_8)));
            }
            try (NewFile part = NewFile.create(folder, "sub-01.part")) {
                part.finish();
                assertThatThrownBy(() -> part.place(folder, "sub-01", "\"sub-01\"")).isInstanceOf(UncheckedIOException.class)
                        .hasMessage("Cannot store \"sub-01\": " + root.resolve("sub-01")
                                + " is a folder, and a file cannot take its name; move it away, then run the command again.");
            }
        }
        assertThat(root.resolve("sub-01.part")).doesNotExist();
        assertThat(root.resolve("sub-01/anat")).isDirectory();
    }

    @ParameterizedTest(name = "at folders: {0}")
    @ValueSource(booleans = {true, false})
    void foldersAreMadeOnlyWhenAsked(boolean atFolders) throws IOException {
        try (ContainedFolder rootFolder = ContainedFolder.open(root, atFolders)) {
            assertThat(rootFolder.find(List.of("a", "b"))).isEmpty();
            assertThat(root.resolve("a")).doesNotExist();

            try (ContainedFolder folder = rootFolder.make(List.of("a", "b"), "\"a/b/c\"", ContainedFolder.inPlace())) {
                assertThat(folder.path()).isEqualTo(root.resolve("a/b")).isDirectory();
                assertThat(folder.attributes("nothing")).isEmpty();
            }
            try (ContainedFolder found = rootFolder.find(List.of("a", "b")).orElseThrow()) {
                assertThat(found.path()).isEqualTo(root.resolve("a/b"));
            }
        }
    }

    @ParameterizedTest(name = "at folders: {0}")
    @ValueSource(booleans = {true, false})
    void noNameIsFollowedIfItIsALinkEvenWithNoLookFirst(boolean atFolders) throws IOException {
        Files.writeString(outside.resolve("secret.txt"), "not for the mirror");
        Files.createSymbolicLink(root.resolve("folder"), outside);
        Files.createSymbolicLink(root.resolve("file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("new"), outside.resolve("new.txt"));

        try (ContainedFolder folder = ContainedFolder.open(root, atFolders)) {
            assertThatThrownBy(() -> folder.folder("folder")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> folder.read("file")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> folder.create("new")).isInstanceOf(IOException.class);
            assertThat(folder.attributes("file")).hasValueSatisfying(file -> assertThat(file.isSymbolicLink()).isTrue());
        }

        assertThat(outside.resolve("new.txt")).doesNotExist();
        assertThat(outside.resolve("secret.txt")).hasContent("not for the mirror");
    }
}
