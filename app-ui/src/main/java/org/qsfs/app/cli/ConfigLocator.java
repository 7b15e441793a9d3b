package org.qsfs.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.qsfs.engine.config.ConfigException;
import org.qsfs.engine.config.ConfigLoader;
import org.qsfs.engine.config.QsfsConfig;

/** Finds and loads the configuration: {@code --config}, else {@code $QSFS_CONFIG}, else ~/.config/qsfs/qsfs.toml. */
final class ConfigLocator {
    static final String ENV = "QSFS_CONFIG";
    static final String DEFAULT = ".config/qsfs/qsfs.toml";

    private final GlobalOptions globals;
    private final CliEnvironment env;

    ConfigLocator(GlobalOptions globals, CliEnvironment env) {
        this.globals = globals;
        this.env = env;
    }

    Path path() {
        if (globals.config() != null) {
            return globals.config();
        }
        String fromEnv = env.getenv(ENV);
        return fromEnv != null ? Path.of(fromEnv) : env.home().resolve(DEFAULT);
    }

    /** Whether the user named a file (option or environment), so its absence is an error. */
    boolean explicit() {
        return globals.config() != null || env.getenv(ENV) != null;
    }

    ConfigLoader loader() {
        return new ConfigLoader(env.home());
    }

    /** The configuration; missing or invalid is a {@link ConfigException} (exit 2). */
    QsfsConfig load() throws ConfigException {
        return loader().load(path());
    }

    /** The configuration if there is one: empty when the default file does not exist and none was named. */
    Optional<QsfsConfig> loadIfPresent() throws ConfigException {
        Path p = path();
        if (!explicit() && !Files.exists(p)) {
            return Optional.empty();
        }
        return Optional.of(loader().load(p));
    }
}
