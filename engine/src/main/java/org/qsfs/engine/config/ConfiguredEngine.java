package org.qsfs.engine.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.object.BackendSpec;
import org.qsfs.engine.object.EngineSettings;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.placement.PlacementException;

/**
 * Opens the {@link StorageEngine} a configuration file describes: the one mapping from
 * {@link QsfsConfig} to engine settings and backend lists, shared by the CLI and the daemon.
 */
public final class ConfiguredEngine {
    private ConfiguredEngine() {
    }

    /** Connects to the configured backends with {@code key} (which stays the caller's). */
    public static StorageEngine open(MasterKey key, QsfsConfig config) throws IOException, PlacementException {
        return StorageEngine.open(key, dataBackends(config), metadataBackends(config), settings(config));
    }

    public static EngineSettings settings(QsfsConfig c) {
        return EngineSettings.defaults(c.dataShards(), c.parityShards())
                .withRedundantGroups(c.redundantGroups())
                .withMetadataShards(c.metadata().dataShards(), c.metadata().parityShards())
                .withBlockSize((int) c.blockSize())
                .withTimeouts(c.timeouts().connect(), c.timeouts().request(), c.timeouts().request());
    }

    /** Data namespaces in user mode: shard keys are derived, nothing extra to record. */
    public static List<BackendSpec> dataBackends(QsfsConfig c) {
        List<BackendSpec> out = new ArrayList<>();
        for (BackendGroup g : c.groups()) {
            for (BackendConfig b : g.backends()) {
                out.add(BackendSpec.user(b.id(), g.name(), b.toBackendAddress()));
            }
        }
        return out;
    }

    public static List<BackendSpec> metadataBackends(QsfsConfig c) {
        List<BackendSpec> out = new ArrayList<>();
        for (BackendConfig b : c.metadata().backends()) {
            out.add(BackendSpec.user(b.id(), "metadata", b.toBackendAddress()));
        }
        return out;
    }
}
