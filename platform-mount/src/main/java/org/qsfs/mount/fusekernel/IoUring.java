package org.qsfs.mount.fusekernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A minimal io_uring owned by one thread: 128-byte submission entries (what FUSE's ring
 * commands need), one submission at a time, waiting for its completion. The shared ring
 * indexes are read with acquire and written with release ordering, as liburing does.
 * Layouts: linux/io_uring.h (io_uring_params, io_sqring_offsets, io_cqring_offsets,
 * io_uring_sqe, io_uring_cqe).
 */
final class IoUring implements AutoCloseable {
    static final int SETUP_SQE128 = 1 << 10;
    static final int SETUP_SINGLE_ISSUER = 1 << 12;
    static final int SETUP_DEFER_TASKRUN = 1 << 13;
    private static final int FEAT_SINGLE_MMAP = 1;
    private static final int ENTER_GETEVENTS = 1;
    private static final long OFF_CQ_RING = 0x8000000L;
    private static final long OFF_SQES = 0x10000000L;
    static final int SQE_SIZE = 128;
    private static final int CQE_SIZE = 16;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final int fd;
    private final long sqRing;
    private final long sqRingSize;
    private final long cqRing;
    private final long cqRingSize;
    private final long sqes;
    private final long sqesSize;
    private final ByteBuffer sq;
    private final ByteBuffer cq;
    private final ByteBuffer sqeBuf;
    private final int sqHead;
    private final int sqTail;
    private final int sqMask;
    private final int sqArray;
    private final int cqHead;
    private final int cqTail;
    private final int cqMask;
    private final int cqes;
    private int pending;

    /** A completion: the submission's user data and its result (negative errno on failure). */
    record Completion(long userData, int result) {
    }

    private IoUring(int fd, Memory p, int flags) throws IOException {
        this.fd = fd;
        int sqEntries = p.getInt(0);
        int cqEntries = p.getInt(4);
        int features = p.getInt(20);
        sqHead = p.getInt(40);
        sqTail = p.getInt(44);
        sqMask = p.getInt(48);
        sqArray = p.getInt(64);
        cqHead = p.getInt(80);
        cqTail = p.getInt(84);
        cqMask = p.getInt(88);
        cqes = p.getInt(100);
        long sqSize = sqArray + 4L * sqEntries;
        long cqSize = cqes + (long) CQE_SIZE * cqEntries;
        boolean single = (features & FEAT_SINGLE_MMAP) != 0;
        if (single) {
            sqSize = Math.max(sqSize, cqSize);
            cqSize = sqSize;
        }
        sqRingSize = sqSize;
        sqRing = map(sqSize, 0);
        cqRingSize = single ? 0 : cqSize;
        cqRing = single ? sqRing : map(cqSize, OFF_CQ_RING);
        sqesSize = (long) SQE_SIZE * sqEntries;
        sqes = map(sqesSize, OFF_SQES);
        sq = new Pointer(sqRing).getByteBuffer(0, sqSize).order(ByteOrder.nativeOrder());
        cq = new Pointer(cqRing).getByteBuffer(0, cqSize).order(ByteOrder.nativeOrder());
        sqeBuf = new Pointer(sqes).getByteBuffer(0, sqesSize).order(ByteOrder.nativeOrder());
    }

    /**
     * Sets up a ring of {@code entries} submission slots with 128-byte entries, single issuer
     * and deferred task work where the kernel has them (6.1+), plain otherwise.
     */
    static IoUring open(int entries) throws IOException {
        try {
            return open(entries, SETUP_SQE128 | SETUP_SINGLE_ISSUER | SETUP_DEFER_TASKRUN);
        } catch (IOException e) {
            return open(entries, SETUP_SQE128);
        }
    }

    static IoUring open(int entries, int flags) throws IOException {
        Memory p = new Memory(120);
        p.clear();
        p.setInt(8, flags);
        int fd;
        try {
            fd = (int) UringSyscalls.syscall(UringSyscalls.SYS_IO_URING_SETUP, entries, Pointer.nativeValue(p), 0, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new IOException("io_uring_setup failed: errno " + e.getErrorCode(), e);
        }
        try {
            return new IoUring(fd, p, flags);
        } catch (IOException | RuntimeException e) {
            UringSyscalls.close(fd);
            throw e;
        }
    }

    private long map(long size, long offset) throws IOException {
        try {
            return UringSyscalls.mmap(0, size, UringSyscalls.PROT_READ_WRITE, UringSyscalls.MAP_SHARED_POPULATE, fd, offset);
        } catch (LastErrorException e) {
            throw new IOException("mapping the io_uring failed: errno " + e.getErrorCode(), e);
        }
    }

    /**
     * The next free submission entry, zeroed, as a buffer positioned nowhere in particular:
     * fill it with absolute puts, then {@link #submitAndWait}.
     */
    ByteBuffer nextEntry() {
        int tail = (int) INT.getAcquire(sq, sqTail);
        int index = tail & (int) INT.get(sq, sqMask);
        ByteBuffer e = sqeBuf.slice(index * SQE_SIZE, SQE_SIZE).order(ByteOrder.nativeOrder());
        for (int i = 0; i < SQE_SIZE; i += 8) {
            e.putLong(i, 0);
        }
        INT.set(sq, sqArray + 4 * index, index);
        INT.setRelease(sq, sqTail, tail + 1);
        pending++;
        return e;
    }

    /**
     * Submits what {@link #nextEntry} prepared and waits for a completion (retrying
     * interrupted waits). Returns it and frees its slot. Each submission here completes once.
     */
    Completion submitAndWait() throws IOException {
        while (true) {
            if (pending == 0) {
                Completion c = poll();
                if (c != null) {
                    return c;
                }
            }
            try {
                pending -= (int) UringSyscalls.syscall(UringSyscalls.SYS_IO_URING_ENTER, fd, pending, 1,
                        ENTER_GETEVENTS, 0, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != UringSyscalls.EINTR && e.getErrorCode() != UringSyscalls.EAGAIN) {
                    throw new IOException("io_uring_enter failed: errno " + e.getErrorCode(), e);
                }
            }
        }
    }

    private Completion poll() {
        int head = (int) INT.get(cq, cqHead);
        int tail = (int) INT.getAcquire(cq, cqTail);
        if (head == tail) {
            return null;
        }
        int at = cqes + (head & (int) INT.get(cq, cqMask)) * CQE_SIZE;
        Completion c = new Completion(cq.getLong(at), cq.getInt(at + 8));
        INT.setRelease(cq, cqHead, head + 1);
        return c;
    }

    @Override
    public void close() {
        try {
            UringSyscalls.munmap(sqes, sqesSize);
            UringSyscalls.munmap(sqRing, sqRingSize);
            if (cqRingSize > 0) {
                UringSyscalls.munmap(cqRing, cqRingSize);
            }
        } catch (LastErrorException ignored) {
            // nothing mapped there any more
        } finally {
            try {
                UringSyscalls.close(fd);
            } catch (LastErrorException ignored) {
                // already closed
            }
        }
    }
}
