package org.qsfs.engine.repair;

import org.qsfs.engine.codec.CorruptShardException;
import org.qsfs.engine.codec.ShardHeader;
import org.qsfs.engine.store.BlockRef;

/** Checks a stored shard against its block reference: header, body checksum, index, shape. */
final class ShardVerifier {
    private ShardVerifier() {
    }

    /** Why the stored shard is unusable, or null when it verifies against the reference. */
    static String problem(BlockRef ref, int index, byte[] shard) {
        try {
            ShardHeader h = ShardHeader.verify(shard, shard.length);
            if (h.index() != index) {
                return "holds shard " + h.index() + " instead of " + index;
            }
            if (h.k() != ref.k() || h.m() != ref.m() || h.bodyLength() != ref.shardSize()) {
                return "shape differs from the block reference";
            }
            if (shard.length != ShardHeader.LENGTH + ref.shardSize()) {
                return "stored length " + shard.length + " differs from " + (ShardHeader.LENGTH + ref.shardSize());
            }
            if (ref.shard(index) != null && h.bodyCrc() != ref.shard(index).bodyChecksum()) {
                return "checksum differs from the block reference";
            }
            return null;
        } catch (CorruptShardException e) {
            return e.getMessage();
        }
    }
}
