package org.qsfs.engine.cache;

import java.io.IOException;

/**
 * Where safe copies of blocks live: the dispersal engine's block store
 * ({@link StoreBlockBackend}). References are opaque bytes (an encoded BlockRef).
 */
public interface BlockBackend {
    /** The result of a put: the encoded reference, and whether the block is safe (policy kept). */
    record Stored(byte[] ref, boolean safe) {
    }

    Stored put(byte[] blockId, byte[] data, int len) throws IOException, InterruptedException;

    /** The block's plaintext, verified. */
    byte[] get(byte[] ref) throws IOException, InterruptedException;

    void delete(byte[] ref) throws IOException, InterruptedException;
}
