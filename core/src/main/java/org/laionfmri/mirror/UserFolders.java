package org.laionfmri.mirror;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's folders, from the environment as the laion_fmri package and the XDG base directories name
 * them: {@code XDG_CONFIG_HOME}, {@code XDG_DATA_HOME}, {@code XDG_CACHE_HOME}, else under {@code $HOME}.
 * Java's {@code user.home} counts only where {@code HOME} is not set: it comes from the password
 * database and ignores {@code $HOME}.
 */
public final class UserFolders {

    private UserFolders() {}

    /** {@code $HOME} (an empty one is the root, as Python's expanduser makes it), else {@code user.home}. */
    public static Path home(Map<String, String> environment) {
        String home = environment.get("HOME");
        return home == null ? Path.of(System.getProperty("user.home")) : Path.of(home.isEmpty() ? "/" : home);
    }

    /** Where the laion_fmri package reads its configuration: {@code $XDG_CONFIG_HOME} whenever it is set, as the package takes it, else {@code ~/.config}. */
    public static Path config(Map<String, String> environment) {
        String configHome = environment.get("XDG_CONFIG_HOME");
        return configHome != null ? Path.of(configHome) : home(environment).resolve(".config");
    }

    /** Where this tool keeps a bucket mirror's state: {@code $XDG_DATA_HOME}, else {@code ~/.local/share}. */
    public static Path data(Map<String, String> environment) {
        return orUnderHome(environment, "XDG_DATA_HOME", ".local/share");
    }

    /** Where this tool keeps what it can make again (its npm installs): {@code $XDG_CACHE_HOME}, else {@code ~/.cache}, as the launcher's archives. */
    public static Path cache(Map<String, String> environment) {
        return orUnderHome(environment, "XDG_CACHE_HOME", ".cache");
    }

    private static Path orUnderHome(Map<String, String> environment, String variable, String underHome) {
        String folder = environment.get(variable);
        return folder == null || folder.isEmpty() ? home(environment).resolve(underHome) : Path.of(folder);
    }
}
