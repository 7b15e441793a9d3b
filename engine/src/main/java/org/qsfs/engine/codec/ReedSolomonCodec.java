package org.qsfs.engine.codec;

import com.backblaze.erasure.ReedSolomon;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ErasureCodec} backed by Backblaze's JavaReedSolomon (as shipped in kcp-fec).
 * Only its {@code byte[][]} methods are called: the jar's netty dependency is excluded,
 * so its {@code ByteBuf} overloads (and reflection over the class) would fail.
 *
 * <p>One {@link ReedSolomon} per (k, m) is cached; they are immutable after creation,
 * so one instance serves all threads.
 */
public final class ReedSolomonCodec implements ErasureCodec {
    public static final int MAX_SHARDS = 256;

    private final Map<Integer, ReedSolomon> byShape = new ConcurrentHashMap<>();

    @Override
    public byte[][] encode(byte[] data, int k, int m) {
        check(k, m);
        int shardSize = Math.max(1, (data.length + k - 1) / k);
        byte[][] shards = new byte[k + m][shardSize];
        for (int i = 0; i < k; i++) {
            int from = i * shardSize;
            if (from < data.length) {
                System.arraycopy(data, from, shards[i], 0, Math.min(shardSize, data.length - from));
            }
        }
        encodeParity(shards, 0, shardSize, k, m);
        return shards;
    }

    @Override
    public byte[] decode(byte[][] shards, int k, int m, int dataLength) throws NotEnoughShardsException {
        check(k, m);
        if (shards.length != k + m) {
            throw new IllegalArgumentException("expected " + (k + m) + " shard slots, got " + shards.length);
        }
        int shardSize = -1;
        for (byte[] s : shards) {
            if (s != null) {
                shardSize = s.length;
                break;
            }
        }
        byte[][] work = new byte[k + m][];
        boolean[] present = new boolean[k + m];
        for (int i = 0; i < shards.length; i++) {
            present[i] = shards[i] != null && shards[i].length == shardSize;
            work[i] = present[i] ? shards[i] : new byte[Math.max(shardSize, 0)];
        }
        if (shardSize < 0) {
            throw notEnough("data", k, present);
        }
        if (dataLength > (long) shardSize * k) {
            throw new IllegalArgumentException("data length " + dataLength + " exceeds " + k + " shards of " + shardSize);
        }
        reconstruct(work, present, 0, shardSize, k, m);
        byte[] data = new byte[dataLength];
        for (int i = 0; i < k && i * shardSize < dataLength; i++) {
            System.arraycopy(work[i], 0, data, i * shardSize, Math.min(shardSize, dataLength - i * shardSize));
        }
        return data;
    }

    @Override
    public void encodeParity(byte[][] shards, int offset, int shardSize, int k, int m) {
        if (m == 0) {
            return;
        }
        rs(k, m).encodeParity(shards, offset, shardSize);
    }

    @Override
    public void reconstruct(byte[][] shards, boolean[] present, int offset, int shardSize, int k, int m)
            throws NotEnoughShardsException {
        int count = 0;
        for (int i = 0; i < k + m; i++) {
            if (present[i]) {
                count++;
            }
        }
        if (count < k) {
            throw notEnough("data", k, present);
        }
        if (count == k + m) {
            return;
        }
        rs(k, m).decodeMissing(shards, present, offset, shardSize);
    }

    static NotEnoughShardsException notEnough(String what, int k, boolean[] present) {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < present.length; i++) {
            if (!present[i]) {
                missing.add(i);
            }
        }
        return new NotEnoughShardsException(what, k, present.length, missing, Map.of());
    }

    private ReedSolomon rs(int k, int m) {
        check(k, m);
        return byShape.computeIfAbsent(k * (MAX_SHARDS + 1) + m, key -> ReedSolomon.create(k, m));
    }

    static void check(int k, int m) {
        if (k < 1 || m < 0 || k + m > MAX_SHARDS) {
            throw new IllegalArgumentException("Reed-Solomon needs k >= 1, m >= 0 and k + m <= " + MAX_SHARDS
                    + "; got k=" + k + ", m=" + m);
        }
    }
}
