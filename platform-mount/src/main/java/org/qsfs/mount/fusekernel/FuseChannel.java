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
