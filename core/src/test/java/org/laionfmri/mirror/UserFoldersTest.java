package org.laionfmri.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The user's folders follow the environment, as the laion_fmri package's do, never the password database's home alone. */
class UserFoldersTest {

    @Test
    void homeIsTheEnvironmentsAndEachFolderItsVariableElseUnderHome() {
        Map<String, String> home = Map.of("HOME", "/home/ada");

        assertThat(UserFolders.home(home)).isEqualTo(Path.of("/home/ada"));
        assertThat(UserFolders.config(home)).isEqualTo(Path.of("/home/ada/.config"));
        assertThat(UserFolders.data(home)).isEqualTo(Path.of("/home/ada/.local/share"));
        assertThat(UserFolders.cache(home)).isEqualTo(Path.of("/home/ada/.cache"));
        assertThat(UserFolders.home(Map.of())).as("no HOME at all").isEqualTo(Path.of(System.getProperty("user.home")));
    }

    @Test
    void theXdgVariablesWinAndTheConfigOneAsThePackageTakesIt() {
        Map<String, String> xdg = Map.of("HOME", "/home/ada", "XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "/data", "XDG_CACHE_HOME", "/cache");

        assertThat(UserFolders.config(xdg)).isEqualTo(Path.of("/cfg"));
        assertThat(UserFolders.data(xdg)).isEqualTo(Path.of("/data"));
        assertThat(UserFolders.cache(xdg)).isEqualTo(Path.of("/cache"));
        assertThat(UserFolders.config(Map.of("HOME", "/home/ada", "XDG_CONFIG_HOME", ""))).as("os.environ.get: set, though empty").isEqualTo(Path.of(""));
        assertThat(UserFolders.data(Map.of("HOME", "/home/ada", "XDG_DATA_HOME", ""))).as("${XDG_DATA_HOME:-...}").isEqualTo(Path.of("/home/ada/.local/share"));
    }
}
