package org.qsfs.mount.fusekernel;

import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Request and reply buffers outside the Java heap whose pages become resident only when used.
 * {@code ByteBuffer.allocateDirect} zeroes (and so touches) all of its memory: 2 MiB per FUSE
 * worker resident from the start, and a ring mount has at least two workers per possible CPU,
 * most of them idle. Memory from malloc is not touched until the kernel or a reply writes it;
 * JNA keeps it allocated while the returned buffer (or a slice of it) is reachable.
 */
final class NativeBuffers {
    private NativeBuffers() {
    }

    /** A native-order buffer of {@code size} bytes, contents undefined. */
    static ByteBuffer allocate(int size) {
        return new Memory(size).getByteBuffer(0, size).order(ByteOrder.nativeOrder());
    }
}
