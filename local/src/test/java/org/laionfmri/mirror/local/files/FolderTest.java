package org.laionfmri.mirror.local.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system refuses to follow a link at a name even when no look came first (a link swapped in after
 * the look): a folder, a file to read or a file to create is never reached through one.
 */
class FolderTest {

    @TempDir
    Path workspace;

    @Test
    void noNameIsFollowedIfItIsALink() throws IOException {
        Path inside = Files.createDirectory(workspace.resolve("inside"));
        Path outside = Files.createDirectory(workspace.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "not for the mirror");
        Files.createSymbolicLink(inside.resolve("folder"), outside);
        Files.createSymbolicLink(inside.resolve("file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(inside.resolve("new"), outside.resolve("new.txt"));

        try (Folder folder = Folder.open(inside)) {
            assertThatThrownBy(() -> folder.folder("folder")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> folder.read("file")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> folder.create("new")).isInstanceOf(IOException.class);
            assertThat(folder.attributes("file")).hasValueSatisfying(file -> assertThat(file.isSymbolicLink()).isTrue());
        }

        assertThat(outside.resolve("new.txt")).doesNotExist();
        assertThat(outside.resolve("secret.txt")).hasContent("not for the mirror");
    }
}
