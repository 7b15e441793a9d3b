package org.qsfs.engine.object;

import java.io.IOException;
import org.qsfs.engine.codec.NotEnoughShardsException;

/**
 * A block of an object cannot be read now: fewer than {@code k} of its shards could be
 * fetched and verified. {@link #notEnoughShards()} names each missing or corrupt shard;
 * bring the backends back and retrieve again.
 */
public class BlockUnreadableException extends IOException {
    public BlockUnreadableException(String message, NotEnoughShardsException cause) {
        super(message, cause);
    }

    public NotEnoughShardsException notEnoughShards() {
        return (NotEnoughShardsException) getCause();
    }
}
