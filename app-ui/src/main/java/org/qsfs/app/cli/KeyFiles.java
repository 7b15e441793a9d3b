package org.qsfs.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.qsfs.engine.config.ConfigException;
import org.qsfs.engine.config.ConfigLoader;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.crypto.KeyFile;
import org.qsfs.engine.crypto.MasterKey;

/** Where the key file is, and unlocking it. */
final class KeyFiles {
    private KeyFiles() {
    }

    /**
     * {@code explicit} when given; else the configuration's {@code key_file}; else (no
     * configuration file yet) the default ~/.config/qsfs/qsfs.key.
     */
    static Path locate(Path explicit, ConfigLocator configs, CliEnvironment env) throws ConfigException {
        if (explicit != null) {
            return explicit;
        }
        return configs.loadIfPresent().map(QsfsConfig::keyFile)
                .orElseGet(() -> new ConfigLoader(env.home()).resolve(ConfigLoader.DEFAULT_KEY_FILE, null));
    }

    /** Unlocks the key file at {@code path}; a missing one is a key error (exit 3) that says what to do. */
    static MasterKey unlock(Path path, Passphrases passphrases) throws Exception {
        if (!Files.exists(path)) {
            throw new CliException(ExitCode.KEY, "no key file at " + path + "; create one with `qsfs key new`,"
                    + " restore one with `qsfs key import`, or set key_file in the configuration");
        }
        char[] pass = passphrases.unlock(path);
        try {
            return KeyFile.read(path, pass);
        } finally {
            java.util.Arrays.fill(pass, '\0');
        }
    }
}
