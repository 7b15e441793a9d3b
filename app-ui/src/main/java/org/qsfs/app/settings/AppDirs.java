package org.qsfs.app.settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where QSFS keeps its files on this OS: the config directory (settings.json, qsfs.toml,
 * the key file, the daemon's control endpoint) and the data directory (demo backends, cache).
 *
 * <ul>
 * <li>Linux: {@code $XDG_CONFIG_HOME/qsfs} or {@code ~/.config/qsfs}; data in
 *     {@code $XDG_DATA_HOME/qsfs} or {@code ~/.local/share/qsfs}
 * <li>macOS: {@code ~/Library/Application Support/QSFS} for both
 * <li>Windows: {@code %APPDATA%\QSFS} for config, {@code %LOCALAPPDATA%\QSFS} for data
 * </ul>
 *
 * @param config the configuration directory
 * @param data the data directory
 * @param home the user's home
 */
public record AppDirs(Path config, Path data, Path home) {
    /** The directories of the running process (user.home, the real environment, os.name). */
    public static AppDirs current() {
        return of(System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")), System.getenv());
    }

    /** The directories of an OS named {@code osName} for a user at {@code home} with {@code env}. */
    public static AppDirs of(String osName, Path home, Map<String, String> env) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            Path dir = home.resolve("Library/Application Support/QSFS");
            return new AppDirs(dir, dir, home);
        }
        if (os.startsWith("windows")) {
            Path roaming = nonEmpty(env.get("APPDATA")) ? Path.of(env.get("APPDATA")) : home.resolve("AppData/Roaming");
            Path local = nonEmpty(env.get("LOCALAPPDATA")) ? Path.of(env.get("LOCALAPPDATA"))
                    : home.resolve("AppData/Local");
            return new AppDirs(roaming.resolve("QSFS"), local.resolve("QSFS"), home);
        }
        Path config = nonEmpty(env.get("XDG_CONFIG_HOME")) ? Path.of(env.get("XDG_CONFIG_HOME")) : home.resolve(".config");
        Path data = nonEmpty(env.get("XDG_DATA_HOME")) ? Path.of(env.get("XDG_DATA_HOME")) : home.resolve(".local/share");
        return new AppDirs(config.resolve("qsfs"), data.resolve("qsfs"), home);
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /** The desktop app's settings file. */
    public Path settingsFile() {
        return config.resolve("settings.json");
    }

    /** The running daemon's control endpoint (port and token), owner-only. */
    public Path controlFile() {
        return config.resolve("daemon.json");
    }

    /** The desktop app's single-instance lock. */
    public Path appLockFile() {
        return config.resolve("app.lock");
    }

    /** The running desktop app's own endpoint (to bring it to front). */
    public Path appEndpointFile() {
        return config.resolve("app.json");
    }

    /** The engine configuration of the volume (the same default as the CLI). */
    public Path volumeConfig() {
        return config.resolve("qsfs.toml");
    }

    /** Everything {@code qsfs demo} keeps: its backends, key, configuration and cache. */
    public Path demoDir() {
        return data.resolve("demo");
    }
}
