package org.qsfs.engine.fs;

import java.nio.file.Path;
import java.time.Duration;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.object.EngineSettings;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.store.NamespaceMode;
import org.qsfs.engine.store.ZdbCluster;

/** Six real zdb-servers on loopback and a storage engine (k=4, m=2) over them, for volume tests. */
public final class VolumeCluster implements AutoCloseable {
    public final ZdbCluster zdb;
    public final MasterKey key;
    public final byte[] keyBytes = new byte[32];
    private StorageEngine engine;

    public VolumeCluster(Path root) throws Exception {
        this.zdb = new ZdbCluster(root.resolve("zdb"), 6, NamespaceMode.USER);
        new java.security.SecureRandom().nextBytes(keyBytes);
        this.key = MasterKey.fromBytes(keyBytes);
    }

    public static EngineSettings settings() {
        return EngineSettings.defaults(4, 2).withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(2)).withProbeOnOpen(false);
    }

    /** The engine (opened on first use). */
    public synchronized StorageEngine engine() throws Exception {
        if (engine == null) {
            engine = newEngine();
        }
        return engine;
    }

    /** A second, independent engine over the same backends (a "fresh machine"). */
    public StorageEngine newEngine() throws Exception {
        return new StorageEngine(key, zdb.dataBackends(), zdb.metadataBackends(), settings(), null);
    }

    @Override
    public synchronized void close() {
        if (engine != null) {
            engine.close();
        }
        zdb.close();
    }
}
