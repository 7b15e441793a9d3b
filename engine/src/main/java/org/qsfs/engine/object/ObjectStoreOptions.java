package org.qsfs.engine.object;

/**
 * @param blockSize plaintext bytes per block (the last block of an object may be shorter)
 * @param blocksInFlight blocks being encoded, written or read ahead at once; memory use is
 *     about {@code blocksInFlight × blockSize × 3} whatever the object's size
 */
public record ObjectStoreOptions(int blockSize, int blocksInFlight) {
    public static final int DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024;
    /** The zdb protocol limits a value to 8 MiB; a shard of a larger block would not fit. */
    public static final int MAX_BLOCK_SIZE = 16 * 1024 * 1024;
    public static final ObjectStoreOptions DEFAULTS = new ObjectStoreOptions(DEFAULT_BLOCK_SIZE, 3);

    public ObjectStoreOptions {
        if (blockSize < 4096 || blockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("block size must be 4 KiB .. 16 MiB, got " + blockSize);
        }
        if (blocksInFlight < 1 || blocksInFlight > 64) {
            throw new IllegalArgumentException("blocks in flight must be 1..64, got " + blocksInFlight);
        }
    }
}
