package org.qsfs.mount.fusekernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.qsfs.engine.fs.Errno;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FUSE over io_uring (Linux 6.14+, when {@code /sys/module/fuse/parameters/enable_uring} is
 * set): the kernel queues each request on the queue of the CPU its caller runs on, and that
 * queue's workers here are pinned to the same CPU. The caller goes to sleep and the worker
 * wakes on the CPU it just left, and back: no wake-up of another, halted CPU per round trip
 * (what most of a small file's time through /dev/fuse is on a VM; see docs/BENCHMARKS.md).
 *
 * <p>Each worker owns an io_uring and one ring entry: a header buffer (the request's
 * {@code fuse_in_header}, its op struct and {@code fuse_uring_ent_in_out}) and a payload buffer
 * (names, WRITE data; then the reply's payload). It registers the entry, then answers each
 * request with COMMIT_AND_FETCH, which also waits for the next. FORGET and INTERRUPT still
 * come through /dev/fuse (the kernel sends them there), as does everything when the kernel
 * refuses the ring: {@link KernelSession}'s readers keep running. Layouts: linux/fuse.h
 * ({@code fuse_uring_req_header}, {@code fuse_uring_cmd_req}).
 */
final class FuseRing {
    private static final Logger log = LoggerFactory.getLogger(FuseRing.class);
    private static final AtomicBoolean HINTED = new AtomicBoolean();
    /** FUSE_OVER_IO_URING, bit 41 of the INIT flags: bit 9 of flags2. */
    static final int FLAGS2_OVER_IO_URING = 1 << 9;
    private static final int OP_URING_CMD = 46;
    private static final int ENODEV = 19;
    private static final int ECONNABORTED = 103;
    private static final int ENOTCONN = 107;
    private static final int ECANCELED = 125;
    private static final int CMD_REGISTER = 1;
    private static final int CMD_COMMIT_AND_FETCH = 2;
    /** fuse_uring_req_header: in_out[128], op_in[128], fuse_uring_ent_in_out (32 bytes). */
    private static final int HEADER_SIZE = 288;
    private static final int OP_IN = 128;
    private static final int OP_IN_MAX = 128;
    private static final int ENT_COMMIT_ID = 256 + 8;
    private static final int ENT_PAYLOAD_SZ = 256 + 16;
    /** Room before the payload in a worker's request buffer for the in-header and op struct. */
    private static final int PREFIX = FuseKernelAbi.IN_HEADER + OP_IN_MAX;
    /** The kernel's max_payload_sz: max(8 KiB, max_write, max_pages pages). */
    static final int PAYLOAD = Math.max(8192, InitNegotiation.MAX_WRITE);

    private final KernelSession session;
    private final int devFuse;
    private final int queues;
    private final int perQueue;
    private final CountDownLatch prepared;
    private final CountDownLatch go = new CountDownLatch(1);
    private final AtomicBoolean proceed = new AtomicBoolean();
    private final AtomicInteger failedSetups = new AtomicInteger();
    private final AtomicBoolean refusalLogged = new AtomicBoolean();
    private volatile boolean refused;
    private final AtomicLong served = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();

    FuseRing(KernelSession session, int devFuse, int queues, int perQueue) {
        this.session = session;
        this.devFuse = devFuse;
        this.queues = queues;
        this.perQueue = perQueue;
        this.prepared = new CountDownLatch(queues * perQueue);
    }

    /** The kernel's queue count: one per possible CPU ({@code num_possible_cpus()}). */
    static int possibleCpus() {
        try {
            return cpuCount(Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim());
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** The CPUs in a kernel CPU list such as "0-3,6,8-9". */
    static int cpuCount(String list) {
        int n = 0;
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            n += dash < 0 ? 1 : Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
        }
        return n;
    }

    /** Where the fuse module says whether it takes requests over io_uring (Linux 6.14+). */
    static final Path ENABLE_URING = Path.of("/sys/module/fuse/parameters/enable_uring");

    /**
     * When this kernel has FUSE over io_uring but it is switched off: how to switch it on (said
     * in the log once per JVM). Null when it is on, or the kernel does not have it.
     */
    static String hintWhenSwitchedOff() {
        try {
            if (!Files.isReadable(ENABLE_URING) || !Files.readString(ENABLE_URING).trim().equals("N")) {
                return null;
            }
        } catch (IOException e) {
            log.trace("reading {}: {}", ENABLE_URING, e.toString());
            return null;
        }
        String hint = "this kernel can take the drive's requests over io_uring (small-file work about twice as"
                + " fast), but it is switched off: as root, echo Y > " + ENABLE_URING + " and mount again";
        if (HINTED.compareAndSet(false, true)) {
            log.info(hint);
        }
        return hint;
    }

    /** True when the kernel refused the ring after agreeing to it: requests go through /dev/fuse. */
    boolean refused() {
        return refused;
    }

    /** Workers per queue: {@code -Dqsfs.fuse.ringThreads=N}, else enough for 8 in all, at least 2 per CPU. */
    static int threadsPerQueue(int queues) {
        return Math.max(1, Integer.getInteger("qsfs.fuse.ringThreads", Math.max(2, 8 / Math.max(1, queues))));
    }

    /**
     * Starts the workers and waits until each has its io_uring and buffers. Returns false (and
     * stops them) when any could not: the INIT reply must then not ask for the ring, or the
     * kernel would hold every request until a ring that never comes is complete.
     */
    boolean prepare(String name) {
        for (int q = 0; q < queues; q++) {
            for (int i = 0; i < perQueue; i++) {
                int qid = q;
                Thread t = new Thread(() -> work(qid), "qsfs-fuse-ring-" + q + "." + i + " " + name);
                t.setDaemon(true);
                workers.add(t);
            }
        }
        session.workerStarting(workers.size());
        workers.forEach(Thread::start);
        boolean ready;
        try {
            ready = prepared.await(10, TimeUnit.SECONDS) && failedSetups.get() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready = false;
        }
        if (!ready) {
            log.warn("FUSE over io_uring not used: {} of {} workers could not set up their ring; requests go"
                    + " through /dev/fuse", failedSetups.get(), workers.size());
            go.countDown();
        }
        return ready;
    }

    /**
     * After the INIT reply: the workers register their entries (the kernel takes them only
     * now), or end when the reply did not ask for the ring after all.
     */
    void start(boolean register) {
        proceed.set(register);
        go.countDown();
    }

    /** Requests answered through the ring so far. */
    long served() {
        return served.get();
    }

    private void work(int qid) {
        IoUring ring = null;
        try {
            if (!"false".equals(System.getProperty("qsfs.fuse.ringPin"))) {
                pin(qid);
            }
            ByteBuffer header;
            ByteBuffer iov;
            Request q;
            Reply r;
            Reply inPlace;
            try {
                ring = IoUring.open(2);
                header = direct(HEADER_SIZE);
                q = new Request(direct(PREFIX + PAYLOAD), PAYLOAD);
                r = new Reply(PAYLOAD + FuseKernelAbi.OUT_HEADER);
                // a READ reply's data goes straight into the ring's payload buffer (its request has
                // no payload there, and reads its fields before it writes the data)
                inPlace = new Reply(q.buffer().slice(PREFIX - FuseKernelAbi.OUT_HEADER, FuseKernelAbi.OUT_HEADER + PAYLOAD)
                        .order(ByteOrder.nativeOrder()));
                iov = direct(32);
                iov.putLong(0, FuseChannel.address(header)).putLong(8, HEADER_SIZE)
                        .putLong(16, FuseChannel.address(q.buffer()) + PREFIX).putLong(24, PAYLOAD);
            } catch (IOException | RuntimeException | Error e) {
                failedSetups.incrementAndGet();
                log.debug("FUSE ring worker for CPU {} could not set up: {}", qid, e.toString());
                return;
            } finally {
                prepared.countDown();
            }
            go.await();
            if (!proceed.get()) {
                return;
            }
            serve(ring, qid, header, iov, q, r, inPlace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | Error e) {
            log.error("FUSE ring worker {} failed; it stops serving", Thread.currentThread().getName(), e);
        } finally {
            if (ring != null) {
                ring.close();
            }
            session.workerEnded();
        }
    }

    private void serve(IoUring ring, int qid, ByteBuffer header, ByteBuffer iov, Request q, Reply r, Reply inPlace)
            throws IOException {
        register(ring, qid, iov);
        boolean registered = false;
        ByteBuffer qb = q.buffer();
        while (true) {
            IoUring.Completion c = ring.submitAndWait();
            if (c.result() < 0) {
                if (!registered && c.result() == -UringSyscalls.EAGAIN) {
                    // the kernel has not finished with our INIT reply yet: register again shortly
                    sleepBriefly();
                    register(ring, qid, iov);
                    continue;
                }
                if (!registered && !ended(-c.result())) {
                    refused = true;
                    if (refusalLogged.compareAndSet(false, true)) {
                        log.warn("the kernel refused FUSE over io_uring (errno {}); requests go through /dev/fuse",
                                -c.result());
                    }
                }
                return; // unmounted or aborted (an entry that never got a request sees that first)
            }
            registered = true;
            long commitId = header.getLong(ENT_COMMIT_ID);
            int len = assemble(header, qb, q);
            Reply reply = len > 0 && q.opcode() == FuseKernelAbi.READ ? inPlace : r;
            reply.reset();
            int out = len < 0 ? reply.error(header.getLong(FuseKernelAbi.H_UNIQUE), Errno.EIO.code())
                    : session.handle(q, reply);
            if (out == 0 || out - FuseKernelAbi.OUT_HEADER > PAYLOAD) { // no reply (never sent here) or too big
                out = reply.error(header.getLong(FuseKernelAbi.H_UNIQUE), Errno.EIO.code());
            }
            ByteBuffer rb = reply.buffer();
            header.put(0, rb, 0, FuseKernelAbi.OUT_HEADER);
            if (reply != inPlace && out > FuseKernelAbi.OUT_HEADER) {
                qb.put(PREFIX, rb, FuseKernelAbi.OUT_HEADER, out - FuseKernelAbi.OUT_HEADER);
            }
            header.putInt(ENT_PAYLOAD_SZ, out - FuseKernelAbi.OUT_HEADER);
            served.incrementAndGet();
            command(ring.nextEntry(), CMD_COMMIT_AND_FETCH, qid, commitId);
        }
    }

    /** The errnos a ring entry's command ends with when the mount goes away. */
    private static boolean ended(int errno) {
        return errno == ENOTCONN || errno == ECANCELED || errno == ECONNABORTED || errno == ENODEV;
    }

    /**
     * Puts the request together as /dev/fuse would deliver it: in-header and op struct just
     * before the payload the kernel wrote at {@link #PREFIX}. Returns its length, or -1 when the
     * sizes do not add up.
     */
    private static int assemble(ByteBuffer header, ByteBuffer qb, Request q) {
        int len = header.getInt(FuseKernelAbi.H_LEN);
        int payload = header.getInt(ENT_PAYLOAD_SZ);
        int op = len - FuseKernelAbi.IN_HEADER - payload;
        if (op < 0 || op > OP_IN_MAX || payload < 0 || payload > PAYLOAD) {
            log.error("malformed FUSE ring request: length {}, payload {}", len, payload);
            return -1;
        }
        int start = PREFIX - op - FuseKernelAbi.IN_HEADER;
        qb.put(start, header, 0, FuseKernelAbi.IN_HEADER);
        qb.put(start + FuseKernelAbi.IN_HEADER, header, OP_IN, op);
        q.received(start, len);
        return len;
    }

    /** FUSE_IO_URING_CMD_REGISTER: the entry's two buffers (header, payload) as an iovec array. */
    private void register(IoUring ring, int qid, ByteBuffer iov) {
        ByteBuffer e = ring.nextEntry();
        command(e, CMD_REGISTER, qid, 0);
        e.putLong(16, FuseChannel.address(iov)).putInt(24, 2);
    }

    /** An IORING_OP_URING_CMD on /dev/fuse with a fuse_uring_cmd_req (flags, commit_id, qid) in its command area. */
    private void command(ByteBuffer e, int cmd, int qid, long commitId) {
        e.put(0, (byte) OP_URING_CMD);
        e.putInt(4, devFuse);
        e.putInt(8, cmd);
        e.putLong(32, qid);
        e.putLong(48, 0).putLong(56, commitId).putShort(64, (short) qid);
    }

    /** Keeps this thread on CPU {@code cpu}, where its queue's callers run; unpinned if the CPU is offline. */
    private static void pin(int cpu) {
        Memory mask = new Memory(128);
        mask.clear();
        mask.setByte(cpu / 8, (byte) (1 << (cpu % 8)));
        try {
            UringSyscalls.sched_setaffinity(0, 128, Pointer.nativeValue(mask));
        } catch (LastErrorException e) {
            log.debug("FUSE ring worker not pinned to CPU {}: errno {}", cpu, e.getErrorCode());
        }
    }

    private static ByteBuffer direct(int size) {
        return NativeBuffers.allocate(size);
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
