package org.qsfs.engine.cache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where safe copies of blocks live: the dispersal engine's block store
 * ({@link StoreBlockBackend}). References are opaque bytes (an encoded BlockRef).
 */
public interface BlockBackend {
    /** The result of a put: the encoded reference, and whether the block is safe (policy kept). */
    record Stored(byte[] ref, boolean safe) {
    }

    /** One block of {@link #putAll}: its id and the first {@code len} bytes of {@code data}. */
    record Upload(byte[] blockId, byte[] data, int len) {
    }

    /** What became of one block of {@link #putAll}: stored (safe or not), or why not. */
    record Outcome(Stored stored, IOException failure) {
    }

    Stored put(byte[] blockId, byte[] data, int len) throws IOException, InterruptedException;

    /**
     * Puts several (small) blocks, each with its own outcome; a backend may send them together.
     * This default puts them one by one.
     */
    default List<Outcome> putAll(List<Upload> uploads) throws InterruptedException {
        List<Outcome> out = new ArrayList<>(uploads.size());
        for (Upload u : uploads) {
            try {
                out.add(new Outcome(put(u.blockId(), u.data(), u.len()), null));
            } catch (IOException e) {
                out.add(new Outcome(null, e));
            }
        }
        return out;
    }

    /** The block's plaintext, verified. */
    byte[] get(byte[] ref) throws IOException, InterruptedException;

    void delete(byte[] ref) throws IOException, InterruptedException;
}
