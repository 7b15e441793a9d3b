package org.qsfs.mount.fusekernel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;
import org.qsfs.mount.fuse.FuseErrnos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one mount: N worker threads, each blocking in read(2) on /dev/fuse with its own
 * request and reply buffers, dispatching the request on the same thread and writing the
 * reply with one write(2). Ends when every worker has seen ENODEV (unmounted or aborted).
 */
final class KernelSession {
    private static final Logger log = LoggerFactory.getLogger(KernelSession.class);
    /** Room for the largest WRITE (1 MiB of data) after the request headers. */
    static final int BUFFER_SIZE = InitNegotiation.MAX_WRITE + 4096;
    /** How long a /dev/fuse reader waits after a FORGET while the ring serves the rest ({@link #pauseAfterForget}). */
    private static final long FORGET_PAUSE_MS = Long.getLong("qsfs.fuse.forgetPauseMs", 20);

    private final FuseChannel channel;
    private final MountContext m;
    private final InitNegotiation.Settings settings;
    private final NodeOps nodes;
    private final FileOps files;
    private final DirOps dirs;
    private final XattrOps xattrs;
    private final FuseErrnos errnos = new FuseErrnos(false);
    private final boolean debug;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final CountDownLatch initialized = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger engineErrors = new AtomicInteger();
    private final AtomicLongArray counts = new AtomicLongArray(FuseKernelAbi.OPCODE_LIMIT);
    /** Nanoseconds spent serving each opcode (decode, engine call, reply encoding; not the write(2)). */
    private final AtomicLongArray nanos = new AtomicLongArray(FuseKernelAbi.OPCODE_LIMIT);
    /** Workers serving a request right now, and the most seen at once. */
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger maxBusy = new AtomicInteger();
    private volatile InitNegotiation.Agreed agreed;
    private volatile FuseRing ring;
    /** How to make this mount faster, when the kernel has a faster way switched off; else null. */
    private volatile String speedHint;
    private String name = "";

    KernelSession(FuseChannel channel, MountContext m, InitNegotiation.Settings settings, boolean debug) {
        this.channel = channel;
        this.m = m;
        this.settings = settings;
        this.debug = debug;
        this.nodes = new NodeOps(m);
        this.files = new FileOps(m);
        this.dirs = new DirOps(m);
        this.xattrs = new XattrOps(m);
    }

    /** The worker count: {@code -Dqsfs.fuse.threads=N}, else 8 (requests block on the backends at times). */
    static int threads() {
        return Math.max(1, Integer.getInteger("qsfs.fuse.threads", 8));
    }

    void start(int threads, String name) {
        this.name = name;
        List<Thread> workers = new ArrayList<>();
        running.set(threads);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::serve, "qsfs-fuse-direct-" + i + " " + name);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    /** Completes when every worker has stopped. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    CountDownLatch initialized() {
        return initialized;
    }

    InitNegotiation.Agreed agreed() {
        return agreed;
    }

    int engineErrors() {
        return engineErrors.get();
    }

    long served(int opcode) {
        return counts.get(opcode);
    }

    /** Requests served per opcode, for the log at unmount and for measuring. */
    String counts() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < counts.length(); i++) {
            long n = counts.get(i);
            if (n > 0) {
                b.append(b.length() == 0 ? "" : " ").append(FuseKernelAbi.opName(i)).append('=').append(n);
            }
        }
        return b.toString();
    }

    /**
     * Where the workers' time went: milliseconds spent serving each opcode (summed over the
     * workers; decoding, the engine's call and encoding the reply) and the most workers busy
     * at once. Logged at unmount (debug) next to {@link #counts()}.
     */
    String times() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nanos.length(); i++) {
            long n = nanos.get(i);
            if (counts.get(i) > 0) {
                b.append(b.length() == 0 ? "" : " ").append(FuseKernelAbi.opName(i)).append('=')
                        .append(n / 1_000_000).append("ms");
            }
        }
        return b.append(" (most workers busy at once: ").append(maxBusy.get()).append(')').toString();
    }

    private void serve() {
        Request q = new Request(BUFFER_SIZE);
        Reply r = new Reply(BUFFER_SIZE);
        long in = FuseChannel.address(q.buffer());
        long out = FuseChannel.address(r.buffer());
        try {
            while (true) {
                int n = channel.read(q.buffer(), in);
                if (n < 0) {
                    break;
                }
                if (n < FuseKernelAbi.IN_HEADER) {
                    continue;
                }
                q.received(n);
                r.reset();
                int len = handle(q, r);
                if (len > 0) {
                    channel.write(out, len, q.unique());
                }
                if (q.opcode() == FuseKernelAbi.INIT) {
                    // only now: the kernel applies our INIT reply inside that write(2) (its
                    // max_readahead among others), so what the mount sets after this is not undone;
                    // and only now does it take the ring's entries
                    if (ring != null) {
                        ring.start(agreed != null && agreed.uring());
                    }
                    initialized.countDown();
                }
                if (q.opcode() == FuseKernelAbi.FORGET || q.opcode() == FuseKernelAbi.BATCH_FORGET) {
                    pauseAfterForget();
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            log.error("FUSE worker {} failed; it stops serving", Thread.currentThread().getName(), e);
        } finally {
            workerEnded();
        }
    }

    /**
     * With the ring serving every request, /dev/fuse carries only FORGETs (and the rare
     * INTERRUPT), which we answer with nothing. A reader that pauses after one lets the next
     * ones pile up into a single BATCH_FORGET instead of waking a reader on another CPU for
     * each (one per removed file in an rm -rf).
     */
    private void pauseAfterForget() {
        if (!ringServes() || FORGET_PAUSE_MS <= 0) {
            return;
        }
        try {
            Thread.sleep(FORGET_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code n} more workers (the ring's) count toward {@link #ended()}. */
    void workerStarting(int n) {
        running.addAndGet(n);
    }

    void workerEnded() {
        if (running.decrementAndGet() == 0) {
            initialized.countDown();
            ended.complete(null);
        }
    }

    /** "io_uring" when requests come over FUSE over io_uring, else "/dev/fuse". */
    String transport() {
        return ringServes() ? "io_uring" : "/dev/fuse";
    }

    /** The INIT reply asked for the ring and the kernel did not refuse it afterwards. */
    private boolean ringServes() {
        InitNegotiation.Agreed a = agreed;
        FuseRing r = ring;
        return a != null && a.uring() && r != null && !r.refused();
    }

    /** See {@link org.qsfs.mount.MountedVolume#speedHint()}. */
    String speedHint() {
        return speedHint;
    }

    /** Requests answered through FUSE over io_uring (0 when the kernel did not offer it or it is off). */
    long servedByRing() {
        FuseRing r = ring;
        return r == null ? 0 : r.served();
    }

    /** INIT: the ring's workers first when the kernel offers the ring (see {@link FuseRing#prepare}), then the reply. */
    private void init(Request q, Reply r) throws FsException {
        boolean useRing = false;
        if (settings.uring() && InitNegotiation.ringOffered(q)) {
            int queues = FuseRing.possibleCpus();
            ring = new FuseRing(this, channel.fd(), queues, FuseRing.threadsPerQueue(queues));
            useRing = ring.prepare(name);
        } else if (settings.uring()) {
            speedHint = FuseRing.hintWhenSwitchedOff();
        }
        agreed = InitNegotiation.reply(q, r, settings, useRing);
        log.info("FUSE protocol 7.{} (kernel 7.{}), flags 0x{}, max_write {}{}", agreed.minor(), agreed.kernelMinor(),
                Integer.toHexString(agreed.flags()), agreed.maxWrite(), agreed.uring() ? ", requests over io_uring" : "");
    }

    /** Handles one request; returns the reply's length, or 0 for none. */
    int handle(Request q, Reply r) {
        int op = q.opcode();
        if (op >= 0 && op < FuseKernelAbi.OPCODE_LIMIT) {
            counts.incrementAndGet(op);
        }
        if (debug) {
            log.info("{}", q);
        } else if (log.isTraceEnabled()) {
            // what a request count does not tell: which xattr, which setattr fields
            log.trace("{} {}", q, op == FuseKernelAbi.GETXATTR ? q.string(8)
                    : op == FuseKernelAbi.SETATTR ? "valid=0x" + Integer.toHexString(q.u32(0)) : "");
        }
        int now = busy.incrementAndGet();
        if (now > maxBusy.get()) {
            maxBusy.accumulateAndGet(now, Math::max);
        }
        long start = System.nanoTime();
        try {
            dispatch(op, q, r);
            return r.isNone() ? 0 : r.finish(q.unique());
        } catch (FsException e) {
            if (log.isTraceEnabled()) {
                log.trace("{}: {}", q, e.getMessage());
            }
            return r.error(q.unique(), errnos.code(e.errno()));
        } catch (RuntimeException | Error e) {
            engineErrors.incrementAndGet();
            log.error("{} failed inside the engine; the caller gets EIO", q, e);
            return r.error(q.unique(), Errno.EIO.code());
        } finally {
            busy.decrementAndGet();
            if (op >= 0 && op < FuseKernelAbi.OPCODE_LIMIT) {
                nanos.addAndGet(op, System.nanoTime() - start);
            }
        }
    }

    private void dispatch(int op, Request q, Reply r) throws FsException {
        switch (op) {
            case FuseKernelAbi.INIT -> init(q, r);
            case FuseKernelAbi.LOOKUP -> nodes.lookup(q, r);
            case FuseKernelAbi.FORGET, FuseKernelAbi.BATCH_FORGET -> r.noReply(); // inode numbers are never reused
            case FuseKernelAbi.GETATTR -> nodes.getattr(q, r);
            case FuseKernelAbi.SETATTR -> nodes.setattr(q, r);
            case FuseKernelAbi.READLINK -> nodes.readlink(q, r);
            case FuseKernelAbi.SYMLINK -> nodes.symlink(q, r);
            case FuseKernelAbi.MKNOD -> nodes.mknod(q, r);
            case FuseKernelAbi.MKDIR -> nodes.mkdir(q, r);
            case FuseKernelAbi.UNLINK -> nodes.unlink(q, r);
            case FuseKernelAbi.RMDIR -> nodes.rmdir(q, r);
            case FuseKernelAbi.RENAME -> nodes.rename(q, r, false);
            case FuseKernelAbi.RENAME2 -> nodes.rename(q, r, true);
            case FuseKernelAbi.LINK -> nodes.link(q, r);
            case FuseKernelAbi.ACCESS -> nodes.access(q, r);
            case FuseKernelAbi.STATFS -> nodes.statfs(q, r);
            case FuseKernelAbi.OPEN -> files.open(q, r);
            case FuseKernelAbi.CREATE -> files.create(q, r);
            case FuseKernelAbi.READ -> files.read(q, r);
            case FuseKernelAbi.WRITE -> files.write(q, r);
            case FuseKernelAbi.FLUSH -> files.flush(q, r); // ENOSYS: see FileOps.flush
            case FuseKernelAbi.FSYNC -> files.fsync(q, r);
            case FuseKernelAbi.RELEASE -> files.release(q, r);
            case FuseKernelAbi.FALLOCATE -> files.fallocate(q, r);
            case FuseKernelAbi.OPENDIR -> dirs.opendir(q, r, agreed.has(FuseKernelAbi.NO_OPENDIR_SUPPORT));
            case FuseKernelAbi.READDIR -> dirs.readdir(q, r, false);
            case FuseKernelAbi.READDIRPLUS -> dirs.readdir(q, r, true);
            case FuseKernelAbi.RELEASEDIR, FuseKernelAbi.FSYNCDIR, FuseKernelAbi.DESTROY -> {
                // nothing to do: no directory handles, nothing buffered here
            }
            case FuseKernelAbi.SETXATTR -> xattrs.setxattr(q, r);
            case FuseKernelAbi.GETXATTR -> xattrs.getxattr(q, r);
            case FuseKernelAbi.LISTXATTR -> xattrs.listxattr(q, r);
            case FuseKernelAbi.REMOVEXATTR -> xattrs.removexattr(q, r);
            // INTERRUPT: ENOSYS tells the kernel to stop sending them (the engine's calls cannot be cut short)
            // LSEEK: ENOSYS lets the kernel answer SEEK_DATA/SEEK_HOLE itself (the whole file is data)
            default -> throw new FsException(Errno.ENOSYS, FuseKernelAbi.opName(op) + " is not implemented");
        }
    }
}
