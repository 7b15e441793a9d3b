package org.qsfs.engine.cache;

import java.io.IOException;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.BlockStore;

/** {@link BlockBackend} over the engine's {@link BlockStore}. */
public final class StoreBlockBackend implements BlockBackend {
    private final BlockStore store;

    public StoreBlockBackend(BlockStore store) {
        this.store = store;
    }

    @Override
    public Stored put(byte[] blockId, byte[] data, int len) throws IOException, InterruptedException {
        BlockRef ref = store.put(BlockId.of(blockId), data, 0, len);
        return new Stored(ref.encode(), ref.safe());
    }

    @Override
    public byte[] get(byte[] ref) throws IOException, InterruptedException {
        try {
            return store.get(BlockRef.decode(ref));
        } catch (org.qsfs.engine.codec.NotEnoughShardsException | org.qsfs.engine.crypto.IntegrityException
                | org.qsfs.engine.codec.BlockFormatException | org.qsfs.engine.store.BlockRefFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void delete(byte[] ref) throws IOException, InterruptedException {
        try {
            store.delete(BlockRef.decode(ref));
        } catch (org.qsfs.engine.store.BlockRefFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
