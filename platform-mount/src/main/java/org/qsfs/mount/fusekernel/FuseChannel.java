package org.qsfs.mount.fusekernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open /dev/fuse descriptor of one mount. Every worker thread blocks in {@link #read}
 * on the same descriptor (the kernel hands each request to one reader) and answers with one
 * {@link #write}.
 */
final class FuseChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FuseChannel.class);

    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();

    FuseChannel(int fd) {
        this.fd = fd;
    }

    int fd() {
        return fd;
    }

    static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    /**
     * Reads one request into {@code buf} (from its start). Returns its length; 0 when the
     * read was interrupted or the request was withdrawn before we got it (read again); -1 when
     * the file system was unmounted or the connection aborted (ENODEV: stop).
     */
    int read(ByteBuffer buf, long address) throws IOException {
        try {
            long n = LibC.read(fd, address, buf.capacity());
            return (int) n;
        } catch (LastErrorException e) {
            return switch (e.getErrorCode()) {
                case LibC.ENODEV -> -1;
                case LibC.EINTR, LibC.EAGAIN, LibC.ENOENT -> 0;
                default -> throw new IOException("read from /dev/fuse failed: errno " + e.getErrorCode(), e);
            };
        }
    }

    /**
     * FUSE_NOTIFY_INVAL_INODE: the kernel drops node {@code nodeid}'s cached attributes and
     * pages (writing dirty ones back through us first, so never call it from a worker).
     * Returns false when the kernel does not know the node (nothing was cached) or refused.
     */
    boolean invalidateInode(long nodeid) {
        ByteBuffer b = ByteBuffer.allocateDirect(FuseKernelAbi.OUT_HEADER + 24).order(java.nio.ByteOrder.nativeOrder());
        b.putInt(0, b.capacity()).putInt(4, NOTIFY_INVAL_INODE).putLong(8, 0) // unique 0: a notification
                .putLong(16, nodeid).putLong(24, 0).putLong(32, 0); // from offset 0, len 0: every page
        return notify(b, "node " + nodeid);
    }

    /** Writes notification {@code b} (its whole capacity); false when the kernel refused it. */
    private boolean notify(ByteBuffer b, String what) {
        try {
            LibC.write(fd, address(b), b.capacity());
            return true;
        } catch (LastErrorException e) {
            log.debug("invalidating {}: errno {}", what, e.getErrorCode());
            return false;
        } finally {
            java.lang.ref.Reference.reachabilityFence(b);
        }
    }

    /** FUSE_NOTIFY_INVAL_ENTRY: the kernel drops its entry (negative ones too) for {@code name} in {@code parent}. */
    boolean invalidateEntry(long parent, byte[] name) {
        int len = FuseKernelAbi.OUT_HEADER + 16 + name.length + 1;
        ByteBuffer b = ByteBuffer.allocateDirect(len).order(java.nio.ByteOrder.nativeOrder());
        b.putInt(0, len).putInt(4, NOTIFY_INVAL_ENTRY).putLong(8, 0)
                .putLong(16, parent).putInt(24, name.length).putInt(28, 0).put(32, name).put(32 + name.length, (byte) 0);
        return notify(b, "an entry in node " + parent);
    }

    /** Notification codes (fuse_notify_code). */
    private static final int NOTIFY_INVAL_INODE = 2;
    private static final int NOTIFY_INVAL_ENTRY = 3;

    /** Sends {@code len} bytes of {@code buf} as one reply. */
    void write(long address, int len, long unique) {
        try {
            LibC.write(fd, address, len);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == LibC.ENOENT) {
                // the request was interrupted and the kernel no longer waits for it
                log.trace("reply to {} dropped: request interrupted", unique);
            } else if (errno != LibC.ENODEV) {
                log.warn("writing the reply to FUSE request {} failed: errno {}", unique, errno);
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                LibC.close(fd);
            } catch (LastErrorException e) {
                log.debug("closing /dev/fuse descriptor {}: errno {}", fd, e.getErrorCode());
            }
        }
    }
}
