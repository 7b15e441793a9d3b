package org.qsfs.app.cli;

import org.qsfs.engine.config.ConfiguredEngine;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.object.StorageEngine;

/** An open volume: the unlocked key and the engine built from the configuration. Close it when done. */
final class Volume implements AutoCloseable {
    final QsfsConfig config;
    final StorageEngine engine;
    private final MasterKey key;

    private Volume(QsfsConfig config, MasterKey key, StorageEngine engine) {
        this.config = config;
        this.key = key;
        this.engine = engine;
    }

    /** Loads the configuration, unlocks the key file, connects to the backends. */
    static Volume open(QsfsCommand c) throws Exception {
        QsfsConfig config = c.configs().load();
        MasterKey key = KeyFiles.unlock(config.keyFile(), c.passphrases());
        try {
            return new Volume(config, key, ConfiguredEngine.open(key, config));
        } catch (Exception | Error e) {
            key.destroy();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            key.destroy();
        }
    }
}
