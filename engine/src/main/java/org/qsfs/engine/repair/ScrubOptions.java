package org.qsfs.engine.repair;

/**
 * How a scrub runs.
 *
 * @param blocksPerSecond pace in blocks per second (0: unlimited)
 * @param bytesPerSecond pace in stored shard bytes per second, which is what the backends read
 *     to CHECK them (0: unlimited)
 * @param sampleRate fraction (0..1) of shards that CHECK vouches for that are also read back
 *     and verified against their block reference (CHECK proves the backend kept what it was
 *     given; reading back proves it is the right shard)
 * @param pathPrefix only objects whose path starts with this (null: all)
 * @param startAfter resume after this object path, e.g. a previous report's cursor (null: from the start)
 * @param batchBlocks blocks checked together: one pipelined CHECK round per backend per batch
 * @param seed seeds the sampling, for reproducible runs
 */
public record ScrubOptions(double blocksPerSecond, long bytesPerSecond, double sampleRate, String pathPrefix,
                           String startAfter, int batchBlocks, long seed) {
    public static final ScrubOptions DEFAULTS = new ScrubOptions(0, 0, 0.01, null, null, 64, System.nanoTime());

    public ScrubOptions {
        if (blocksPerSecond < 0 || bytesPerSecond < 0 || Double.isNaN(blocksPerSecond)) {
            throw new IllegalArgumentException("scrub pace cannot be negative (0 means unlimited)");
        }
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sample rate is a fraction from 0 to 1, got " + sampleRate);
        }
        if (batchBlocks < 1) {
            throw new IllegalArgumentException("batch size must be at least 1 block, got " + batchBlocks);
        }
    }

    public ScrubOptions withPace(double blocksPerSec, long bytesPerSec) {
        return new ScrubOptions(blocksPerSec, bytesPerSec, sampleRate, pathPrefix, startAfter, batchBlocks, seed);
    }

    public ScrubOptions withSampleRate(double rate) {
        return new ScrubOptions(blocksPerSecond, bytesPerSecond, rate, pathPrefix, startAfter, batchBlocks, seed);
    }

    public ScrubOptions withPathPrefix(String prefix) {
        return new ScrubOptions(blocksPerSecond, bytesPerSecond, sampleRate, prefix, startAfter, batchBlocks, seed);
    }

    public ScrubOptions withStartAfter(String cursor) {
        return new ScrubOptions(blocksPerSecond, bytesPerSecond, sampleRate, pathPrefix, cursor, batchBlocks, seed);
    }

    public ScrubOptions withBatchBlocks(int n) {
        return new ScrubOptions(blocksPerSecond, bytesPerSecond, sampleRate, pathPrefix, startAfter, n, seed);
    }
}
