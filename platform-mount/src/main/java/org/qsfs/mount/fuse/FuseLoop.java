package org.qsfs.mount.fuse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;
import jnr.ffi.types.size_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libfuse2's request loop run on a fixed set of Java threads instead of libfuse's own
 * multithreaded loop ({@code fuse_main}). With libfuse's loop every callback arrives on a
 * native thread that jffi attaches to the JVM and detaches again after the call (for its
 * first 1,000 calls; libfuse also ends and starts its threads with the load): an
 * attach/detach, a new {@code java.lang.Thread} and fresh thread-locals per FUSE request.
 * Here the threads that read {@code /dev/fuse} are JVM threads, so callbacks run with no
 * attach at all. Same libfuse setup and teardown ({@code fuse_setup}/{@code fuse_teardown}),
 * same options, same high-level operations table.
 */
final class FuseLoop {
    private static final Logger log = LoggerFactory.getLogger(FuseLoop.class);

    /** The libfuse2 functions the loop needs (all exported by libfuse.so.2 since 2.6). */
    public interface LibFuse2 {
        Pointer fuse_setup(int argc, String[] argv, Pointer op, @size_t long opSize, PointerByReference mountpoint,
                           IntByReference multithreaded, Pointer userData);

        void fuse_teardown(Pointer fuse, Pointer mountpoint);

        Pointer fuse_get_session(Pointer fuse);

        Pointer fuse_session_next_chan(Pointer se, Pointer ch);

        @size_t long fuse_chan_bufsize(Pointer ch);

        int fuse_chan_recv(PointerByReference ch, Pointer buf, @size_t long size);

        void fuse_session_process(Pointer se, Pointer buf, @size_t long len, Pointer ch);

        int fuse_session_exited(Pointer se);

        void fuse_session_exit(Pointer se);
    }

    private static volatile LibFuse2 lib;

    private FuseLoop() {
    }

    static synchronized LibFuse2 lib() {
        if (lib == null) {
            UnsatisfiedLinkError last = null;
            for (String name : new String[] {"fuse", "libfuse.so.2"}) {
                try {
                    lib = LibraryLoader.create(LibFuse2.class).failImmediately().search("/usr/local/lib").load(name);
                    break;
                } catch (UnsatisfiedLinkError e) {
                    last = e;
                }
            }
            if (lib == null) {
                throw last;
            }
        }
        return lib;
    }

    /** The worker count: {@code -Dqsfs.fuse.threads=N}, else 8 (requests block on the backends at times). */
    static int threads() {
        return Math.max(1, Integer.getInteger("qsfs.fuse.threads", 8));
    }

    /**
     * Mounts and serves until the filesystem is unmounted; returns then (after libfuse's
     * teardown, which calls the {@code destroy} operation). Throws when the mount fails.
     */
    static void run(QsfsFuseFs fs, Path mountPoint, boolean debug, String[] options, int threads)
            throws InterruptedException {
        LibFuse2 f = lib();
        List<String> args = new ArrayList<>();
        args.add("qsfs");
        args.add("-f");
        if (debug) {
            args.add("-d");
        }
        args.add(mountPoint.toAbsolutePath().toString());
        args.addAll(List.of(options));
        PointerByReference mp = new PointerByReference();
        IntByReference mt = new IntByReference();
        Pointer fuse = f.fuse_setup(args.size(), args.toArray(new String[0]), fs.operations(), fs.operationsSize(),
                mp, mt, null);
        if (fuse == null) {
            throw new IllegalStateException("fuse_setup failed for " + mountPoint
                    + " (libfuse printed the reason on stderr)");
        }
        Pointer se = f.fuse_get_session(fuse);
        Pointer ch = f.fuse_session_next_chan(se, null);
        long bufSize = f.fuse_chan_bufsize(ch);
        Runtime rt = Runtime.getSystemRuntime();
        List<Thread> workers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> serve(f, se, ch, Memory.allocateDirect(rt, (int) bufSize), bufSize),
                        "qsfs-fuse-" + i);
                t.setDaemon(true);
                workers.add(t);
                t.start();
            }
            for (Thread t : workers) {
                t.join();
            }
        } finally {
            f.fuse_teardown(fuse, mp.getValue());
        }
    }

    private static void serve(LibFuse2 f, Pointer se, Pointer ch, Pointer buf, long size) {
        try {
            while (f.fuse_session_exited(se) == 0) {
                PointerByReference chRef = new PointerByReference(ch);
                int res = f.fuse_chan_recv(chRef, buf, size);
                if (res == -4) { // EINTR
                    continue;
                }
                if (res <= 0) {
                    if (res < 0) {
                        f.fuse_session_exit(se);
                    }
                    break;
                }
                f.fuse_session_process(se, buf, res, chRef.getValue());
            }
        } catch (Throwable e) {
            log.error("FUSE worker {} failed; ending the session", Thread.currentThread().getName(), e);
            f.fuse_session_exit(se);
        }
    }
}
