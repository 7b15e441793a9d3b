package org.qsfs.zdb.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DirectBuffersTest {
    @Test
    void buffersArePageAlignedAndReused() {
        DirectBuffers pool = new DirectBuffers(4L << 20);
        ByteBuffer b = pool.take(1_000_000);
        assertTrue(b.isDirect());
        assertEquals(0, b.position());
        assertEquals(1_000_000, b.limit());
        assertEquals(0, b.alignmentOffset(0, 4096), "page-aligned: the kernel copies it to the page cache fastest");
        pool.give(b);
        ByteBuffer again = pool.take(999_000);
        assertSame(b, again, "the idle buffer is big enough");
        assertEquals(999_000, again.limit());
        assertNotSame(again, pool.take(10_000), "lent once at a time");
    }

    @Test
    void keepsNoMoreIdleBytesThanItsBound() {
        DirectBuffers pool = new DirectBuffers(3L << 20);
        ByteBuffer a = pool.take(2 << 20);
        ByteBuffer b = pool.take(2 << 20);
        pool.give(a);
        pool.give(b); // over the bound: left to the collector
        assertEquals(a.capacity(), pool.idleBytes());
    }
}
