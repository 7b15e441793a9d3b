package org.qsfs.engine.codec;

/**
 * Splits data into {@code k} data shards plus {@code m} parity shards so that any
 * {@code k} of the {@code k+m} shards give the data back. Implementations are
 * thread-safe.
 */
public interface ErasureCodec {

    /**
     * Splits {@code data} into {@code k+m} new shards of {@code ceil(len/k)} bytes each
     * (the last data shard zero-padded).
     */
    byte[][] encode(byte[] data, int k, int m);

    /**
     * The first {@code dataLength} bytes of the data, from {@code k+m} shards where
     * missing ones are {@code null}. Does not modify the given shards.
     *
     * @throws NotEnoughShardsException fewer than {@code k} shards are present
     */
    byte[] decode(byte[][] shards, int k, int m, int dataLength) throws NotEnoughShardsException;

    /**
     * Hot path: computes the parity shards {@code k..k+m-1} in place from data shards
     * {@code 0..k-1}, over {@code shardSize} bytes starting at {@code offset} in every
     * array (the room before {@code offset} is left for a header).
     */
    void encodeParity(byte[][] shards, int offset, int shardSize, int k, int m);

    /**
     * Hot path: rebuilds in place every shard whose {@code present} flag is false, over
     * {@code shardSize} bytes from {@code offset}. Every array must exist and be large
     * enough; the caller supplies scratch arrays for the missing ones.
     *
     * @throws NotEnoughShardsException fewer than {@code k} shards are present
     */
    void reconstruct(byte[][] shards, boolean[] present, int offset, int shardSize, int k, int m)
            throws NotEnoughShardsException;

    /**
     * Hot path of reads: as {@link #reconstruct} but rebuilds only the missing data shards
     * {@code 0..k-1}; missing parity shards are left as they are. A read needs nothing else,
     * and recomputing the parity too doubles the work when one data shard is missing.
     *
     * @throws NotEnoughShardsException fewer than {@code k} shards are present
     */
    default void reconstructData(byte[][] shards, boolean[] present, int offset, int shardSize, int k, int m)
            throws NotEnoughShardsException {
        reconstruct(shards, present, offset, shardSize, k, m);
    }
}
