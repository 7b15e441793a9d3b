package org.qsfs.bench.engine;

import com.github.luben.zstd.ZstdCompressCtx;
import org.qsfs.engine.codec.Compressor;
import org.qsfs.engine.codec.ReedSolomonCodec;
import org.qsfs.engine.crypto.BlockCipher;
import org.qsfs.engine.crypto.KeyDerivation;
import org.qsfs.engine.crypto.KeyPurpose;
import org.qsfs.engine.crypto.MasterKey;

/** Each codec stage alone, in memory, on one core: the baselines of the end-to-end figures. */
final class StageBench {
    private static final long MIN_NANOS = 1_500_000_000L;
    /**
     * Warm-up until the speed settles, not for a count: AES-GCM's intrinsics are compiled only
     * after tens of thousands of calls of its inner loop, so five 4 MiB runs left it interpreted
     * (55 MiB/s instead of ~1,000), and on a loaded machine even 1.5 s was not always enough.
     */
    private static final long WARMUP_ROUND_NANOS = 500_000_000L;
    private static final int MAX_WARMUP_ROUNDS = 16;

    private StageBench() {
    }

    /**
     * MiB/s of zstd compression of {@code block}, whole (zstd-jni directly, at the engine's
     * level): the engine's Compressor probes first and skips incompressible blocks, which would
     * make this baseline the probe's speed.
     */
    static double zstd(byte[] block) {
        try (ZstdCompressCtx c = new ZstdCompressCtx()) {
            c.setLevel(Compressor.DEFAULT_LEVEL);
            c.setContentSize(false);
            c.setChecksum(false);
            byte[] out = new byte[Compressor.maxCompressedLength(block.length)];
            return rate(block.length, () -> c.compressByteArray(out, 0, out.length, block, 0, block.length));
        }
    }

    /** MiB/s of AES-256-GCM sealing of {@code block}. */
    static double aesGcm(byte[] block) {
        BlockCipher cipher = new BlockCipher(KeyDerivation.derive(MasterKey.generate(), KeyPurpose.DATA));
        byte[] out = new byte[BlockCipher.sealedLength(block.length)];
        byte[] aad = {1, 2, 3, 4};
        return rate(block.length, () -> cipher.seal(aad, block, 0, block.length, out, 0));
    }

    /** MiB/s of Reed-Solomon parity for a block split into k data shards. */
    static double reedSolomon(byte[] block, int k, int m) {
        ReedSolomonCodec rs = new ReedSolomonCodec();
        int shard = (block.length + k - 1) / k;
        byte[][] shards = new byte[k + m][shard];
        for (int i = 0; i < k; i++) {
            System.arraycopy(block, i * shard, shards[i], 0, Math.min(shard, block.length - i * shard));
        }
        return rate(block.length, () -> rs.encodeParity(shards, 0, shard, k, m));
    }

    private static double rate(long bytesPerRun, Runnable run) {
        double previous = 0;
        for (int round = 0; round < MAX_WARMUP_ROUNDS; round++) {
            double r = measure(bytesPerRun, run, WARMUP_ROUND_NANOS);
            if (round >= 2 && r < previous * 1.1) {
                break; // no longer getting faster: compiled
            }
            previous = Math.max(previous, r);
        }
        return measure(bytesPerRun, run, MIN_NANOS);
    }

    private static double measure(long bytesPerRun, Runnable run, long minNanos) {
        long runs = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            run.run();
            runs++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < minNanos);
        return runs * bytesPerRun / (1024.0 * 1024.0) / (elapsed / 1e9);
    }
}
