package org.qsfs.engine.cache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Each backend's shards of all the blocks in one batch ({@link BlockStore#putAll}); a single
     * block (a large one, as the upload queue claims them) goes the way of {@link #put}.
     */
    @Override
    public List<Outcome> putAll(List<Upload> uploads) throws InterruptedException {
        if (uploads.size() == 1) {
            return BlockBackend.super.putAll(uploads);
        }
        List<BlockStore.Put> puts = new ArrayList<>(uploads.size());
        for (Upload u : uploads) {
            puts.add(new BlockStore.Put(BlockId.of(u.blockId()), u.data(), 0, u.len()));
        }
        List<Outcome> out = new ArrayList<>(uploads.size());
        for (BlockStore.Stored s : store.putAll(puts)) {
            out.add(s.failure() != null ? new Outcome(null, s.failure())
                    : new Outcome(new Stored(s.ref().encode(), s.ref().safe()), null));
        }
        return out;
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
