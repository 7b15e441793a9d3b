package org.qsfs.engine.store;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.qsfs.engine.codec.BlockCodec;

/**
 * Block codecs for many threads: a codec keeps scratch buffers and is not thread-safe, so
 * each caller borrows one. The pool grows to the number of concurrent users and no more.
 */
public final class CodecPool implements AutoCloseable {
    private final ConcurrentLinkedQueue<BlockCodec> idle = new ConcurrentLinkedQueue<>();
    private final Supplier<BlockCodec> factory;

    public CodecPool(Supplier<BlockCodec> factory) {
        this.factory = factory;
    }

    public BlockCodec borrow() {
        BlockCodec c = idle.poll();
        return c != null ? c : factory.get();
    }

    public void release(BlockCodec c) {
        idle.offer(c);
    }

    @Override
    public void close() {
        BlockCodec c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }
}
