package org.qsfs.engine.repair;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.object.EngineSettings;
import org.qsfs.engine.object.StorageEngine;

/**
 * What a repair test over one engine starts from: seven {@link RepairCluster} servers, an
 * engine over them with {@link RepairTestSettings}, and what the test opens on top; all
 * closed after the test, the last opened first.
 */
final class RepairFixture implements AutoCloseable {
    final MasterKey key = MasterKey.generate();
    final RepairCluster cluster;
    final StorageEngine engine;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    RepairFixture(Path dir) throws Exception {
        cluster = closing(new RepairCluster(dir.resolve("zdb"), 7));
        try {
            engine = closing(new StorageEngine(key, cluster.dataBackends(), cluster.metadataBackends(),
                    RepairTestSettings.engine(), null));
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Closes {@code c} with the fixture (before what was opened earlier). */
    <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }

    /** The test closed {@code c} itself. */
    void closed(AutoCloseable c) {
        toClose.remove(c);
    }

    /** Another engine over the same backends, as on a fresh machine; the caller closes it. */
    StorageEngine freshEngine() throws Exception {
        return new StorageEngine(key, cluster.dataBackends(), cluster.metadataBackends(),
                EngineSettings.defaults(4, 2).withBlockSize(RepairTestSettings.BLOCK), null);
    }

    @Override
    public void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }
}
