package org.qsfs.engine.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.qsfs.engine.crypto.KeyDerivation;
import org.qsfs.engine.crypto.KeyPurpose;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.placement.PlacementPolicy;

/** A block store over given backends, with a repair listener that records what it is told. */
final class BlockStoreFixture implements AutoCloseable {
    final List<ShardProblem> problems = new CopyOnWriteArrayList<>();
    final ExecutorService executor = Executors.newFixedThreadPool(24);
    final BackendRegistry registry;
    final BlockStore store;

    BlockStoreFixture(MasterKey key, List<StoreBackend> backends, PlacementPolicy policy, BlockStoreOptions options) {
        registry = new BackendRegistry(backends);
        store = new BlockStore(registry, policy, KeyDerivation.derive(key, KeyPurpose.DATA),
                KeyDerivation.derive(key, KeyPurpose.SHARD_ID), executor, options, problems::add);
    }

    @Override
    public void close() {
        store.close();
        executor.shutdownNow();
    }
}
