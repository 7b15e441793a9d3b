package org.qsfs.engine.store;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.crypto.KeyPurpose;
import org.qsfs.engine.crypto.SubKey;

/**
 * Keys of shards in user-mode namespaces: HMAC-SHA256(SHARD_ID subkey, block id || index).
 * A backend learns neither the block nor the index from the key, and cannot link the
 * shards of one block across backends. Thread-safe (a Mac per thread).
 */
public final class ShardKeys {
    public static final int LENGTH = 32;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public ShardKeys(SubKey shardIdKey) {
        if (shardIdKey.purpose() != KeyPurpose.SHARD_ID) {
            throw new IllegalArgumentException("shard keys need the SHARD_ID subkey, not " + shardIdKey.purpose());
        }
        this.key = shardIdKey.secretKey("HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public byte[] keyFor(BlockId block, int shardIndex) {
        Mac mac = macs.get();
        mac.update(block.toBytes());
        mac.update((byte) shardIndex);
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime lacks HmacSHA256", e);
        }
    }
}
