package org.qsfs.bench.engine;

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
     * Warm-up by time, not by count: AES-GCM's intrinsics are compiled only after tens of
     * thousands of calls of its inner loop, so five 4 MiB runs left it interpreted (55 MiB/s
     * instead of ~1,000) and made the stage baseline meaningless.
     */
    private static final long WARMUP_NANOS = 1_500_000_000L;

    private StageBench() {
    }

    /** MiB/s of zstd compression of {@code block}. */
    static double zstd(byte[] block) {
        try (Compressor c = new Compressor()) {
            byte[] out = new byte[Compressor.maxCompressedLength(block.length)];
            return rate(block.length, () -> c.compress(block, 0, block.length, out, 0));
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
        long warm = System.nanoTime();
        do {
            run.run(); // warm up the JIT
        } while (System.nanoTime() - warm < WARMUP_NANOS);
        long runs = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            run.run();
            runs++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < MIN_NANOS);
        return runs * bytesPerRun / (1024.0 * 1024.0) / (elapsed / 1e9);
    }
}
