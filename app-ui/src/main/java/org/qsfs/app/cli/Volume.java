package org.qsfs.app.cli;

import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.config.BackendConfig;
import org.qsfs.engine.config.BackendGroup;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.object.BackendSpec;
import org.qsfs.engine.object.EngineSettings;
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
            return new Volume(config, key, StorageEngine.open(key, dataSpecs(config), metadataSpecs(config),
                    settings(config)));
        } catch (Exception | Error e) {
            key.destroy();
            throw e;
        }
    }

    static EngineSettings settings(QsfsConfig c) {
        return EngineSettings.defaults(c.dataShards(), c.parityShards())
                .withRedundantGroups(c.redundantGroups())
                .withMetadataShards(c.metadata().dataShards(), c.metadata().parityShards())
                .withBlockSize((int) c.blockSize())
                .withTimeouts(c.timeouts().connect(), c.timeouts().request(), c.timeouts().request());
    }

    /** Data namespaces are used in user mode: shard keys are derived, nothing extra to record. */
    static List<BackendSpec> dataSpecs(QsfsConfig c) {
        List<BackendSpec> out = new ArrayList<>();
        for (BackendGroup g : c.groups()) {
            for (BackendConfig b : g.backends()) {
                out.add(BackendSpec.user(b.id(), g.name(), b.toBackendAddress()));
            }
        }
        return out;
    }

    static List<BackendSpec> metadataSpecs(QsfsConfig c) {
        List<BackendSpec> out = new ArrayList<>();
        for (BackendConfig b : c.metadata().backends()) {
            out.add(BackendSpec.user(b.id(), "metadata", b.toBackendAddress()));
        }
        return out;
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
