package org.qsfs.mount.fuse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.types.dev_t;
import jnr.ffi.types.gid_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.uid_t;
import org.qsfs.engine.fs.Attr;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.DirEntry;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FileType;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.engine.fs.SetAttr;
import org.qsfs.engine.fs.StatFs;
import org.qsfs.engine.fs.VersionOps;
import org.qsfs.mount.snapshots.SnapshotTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseContext;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The jnr-fuse (libfuse2 high-level, path-based) callbacks translated to
 * {@link FsOperations}: paths become inode numbers through a {@link PathCache}, errors
 * become negative errnos, and nothing else happens here.
 */
final class QsfsFuseFs extends FuseStubFS {
    private static final Logger log = LoggerFactory.getLogger(QsfsFuseFs.class);

    /** utimensat's special tv_nsec values. */
    private static final long UTIME_NOW = (1L << 30) - 1;
    private static final long UTIME_OMIT = (1L << 30) - 2;
    private static final int READDIR_BATCH = 512;

    private final FsOperations fs;
    private final FuseErrnos errnos;
    private final OpenFlagMapper flags;
    private final CallerResolver callers;
    private final PathCache paths = new PathCache();
    /** Open file handles and the inode each one is for (fgetattr, ftruncate, cleanup after a forced unmount). */
    private final OpenHandles openFiles;
    /**
     * I/O buffers, pooled rather than per thread: libfuse2's multithreaded loop starts and
     * ends worker threads with the load, so a thread-local buffer was allocated (and zeroed)
     * again for most bursts of requests.
     */
    private final ConcurrentLinkedQueue<byte[]> buffers = new ConcurrentLinkedQueue<>();
    private static final int BUFFER_SIZE = 128 * 1024;
    private static final int POOLED_BUFFERS = 64;
    /** The {@code /.snapshots} view; null when the mount was asked for none. */
    private final SnapshotTree snapshots;
    private final AtomicInteger ioErrors = new AtomicInteger();
    private final Runnable onDestroy;

    QsfsFuseFs(FsOperations fs, boolean mac, Runnable onDestroy) {
        this(fs, null, mac, onDestroy);
    }

    QsfsFuseFs(FsOperations fs, VersionOps versions, boolean mac, Runnable onDestroy) {
        this.fs = fs;
        this.openFiles = new OpenHandles(fs);
        this.snapshots = versions == null ? null : new SnapshotTree(versions, fs);
        this.errnos = new FuseErrnos(mac);
        this.flags = new OpenFlagMapper(mac);
        this.callers = new CallerResolver(!mac);
        this.onDestroy = onDestroy;
        // nullpath_ok | nopath | utime_omit_ok: I/O on open handles needs no path (files stay
        // usable after unlink with hard_remove) and utimens sees UTIME_NOW / UTIME_OMIT.
        Struct.getMemory(fuseOperations).putByte(offsetOf(fuseOperations.flag_nullpath_ok), (byte) 0x07);
    }

    /** The member's offset in its struct (jnr-ffi keeps {@code offset()} in a protected class). */
    private static long offsetOf(Object member) {
        try {
            Class<?> c = member.getClass();
            while (c != null) {
                for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals("offset") && m.getParameterCount() == 0) {
                        m.setAccessible(true);
                        return ((Number) m.invoke(member)).longValue();
                    }
                }
                c = c.getSuperclass();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot find fuse_operations flags in jnr-fuse", e);
        }
        throw new IllegalStateException("cannot find fuse_operations flags in jnr-fuse");
    }

    // ---- plumbing -------------------------------------------------------------------------

    @FunctionalInterface
    private interface Op {
        int run() throws FsException;
    }

    @FunctionalInterface
    private interface InoOp {
        int run(long ino) throws FsException;
    }

    private int call(String op, String path, Op body) {
        try {
            return body.run();
        } catch (FsException e) {
            if (log.isTraceEnabled()) {
                log.trace("{} {}: {}", op, path, e.getMessage());
            }
            return errnos.of(e.errno());
        } catch (RuntimeException | Error e) {
            ioErrors.incrementAndGet();
            log.error("{} {} failed inside the engine; the caller gets EIO", op, path, e);
            return errnos.of(Errno.EIO);
        }
    }

    /** Runs {@code body} on the inode {@code path} names; a stale cached name is looked up again once. */
    private int onPath(String op, String path, InoOp body) {
        return call(op, path, () -> {
            Long cached = paths.get(path);
            if (cached == null) {
                return body.run(resolve(path));
            }
            try {
                return body.run(cached);
            } catch (FsException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw e;
                }
                paths.forgetTree(path);
                return body.run(resolve(path));
            }
        });
    }

    Caller caller() {
        FuseContext ctx = getContext();
        return callers.of((int) ctx.uid.get(), (int) ctx.gid.get(), (int) ctx.pid.get());
    }

    /** The inode {@code path} names, walking from the deepest remembered ancestor. */
    long resolve(String path) throws FsException {
        if (path == null) {
            throw new FsException(Errno.ENOENT, "no path (file was removed)");
        }
        if (path.equals("/") || path.isEmpty()) {
            return FsOperations.ROOT_INO;
        }
        Long cached = paths.get(path);
        if (cached != null) {
            return cached;
        }
        long gen = paths.generation();
        int slash = path.lastIndexOf('/');
        String parentPath = slash <= 0 ? "/" : path.substring(0, slash);
        long parent = resolve(parentPath);
        Attr a = fs.lookup(caller(), parent, bytes(path.substring(slash + 1)));
        paths.put(path, a.ino(), gen);
        return a.ino();
    }

    private record Parent(long ino, byte[] name) {
    }

    private Parent parentOf(String path) throws FsException {
        int slash = path.lastIndexOf('/');
        if (slash < 0 || slash == path.length() - 1) {
            throw new FsException(Errno.EINVAL, "not a name: " + path);
        }
        String parentPath = slash == 0 ? "/" : path.substring(0, slash);
        return new Parent(resolve(parentPath), bytes(path.substring(slash + 1)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] takeBuffer(int size) {
        if (size > BUFFER_SIZE) {
            return new byte[size];
        }
        byte[] b = buffers.poll();
        return b != null ? b : new byte[BUFFER_SIZE];
    }

    private void giveBack(byte[] b) {
        if (b.length == BUFFER_SIZE && buffers.size() < POOLED_BUFFERS) {
            buffers.offer(b);
        }
    }

    /** True when {@code path} is under the read-only {@code /.snapshots}. */
    private boolean snap(String path) {
        return snapshots != null && SnapshotTree.covers(path);
    }

    private static FsException readOnly() {
        return new FsException(Errno.EROFS, ".snapshots is read-only");
    }

    /** EROFS for a change under {@code /.snapshots} (any of the paths). */
    private int refuseIfSnap(String op, String... paths) {
        for (String p : paths) {
            if (snap(p)) {
                return call(op, p, () -> {
                    throw readOnly();
                });
            }
        }
        return 1;
    }

    private long ino(FuseFileInfo fi) throws FsException {
        Long ino = openFiles.ino(fi.fh.get());
        if (ino == null) {
            throw new FsException(Errno.EBADF, "unknown file handle " + fi.fh.get());
        }
        return ino;
    }

    static void fill(FileStat st, Attr a) {
        st.st_ino.set(a.ino());
        st.st_mode.set(a.mode());
        st.st_nlink.set(a.nlink());
        st.st_uid.set(Integer.toUnsignedLong(a.uid()));
        st.st_gid.set(Integer.toUnsignedLong(a.gid()));
        st.st_size.set(a.size());
        st.st_blocks.set(a.blocks());
        st.st_blksize.set(128 * 1024);
        st.st_rdev.set(a.rdev());
        time(st.st_atim, a.atimeNs());
        time(st.st_mtim, a.mtimeNs());
        time(st.st_ctim, a.ctimeNs());
    }

    private static void time(Timespec t, long ns) {
        t.tv_sec.set(Math.floorDiv(ns, 1_000_000_000L));
        t.tv_nsec.set(Math.floorMod(ns, 1_000_000_000L));
    }

    private static long nanos(Timespec t) {
        long nsec = t.tv_nsec.longValue();
        if (nsec == UTIME_NOW) {
            return SetAttr.NOW;
        }
        if (nsec == UTIME_OMIT) {
            return SetAttr.OMIT;
        }
        return t.tv_sec.get() * 1_000_000_000L + nsec;
    }

    /** The fuse_operations table jnr-fuse filled in (for {@link FuseLoop}). */
    Pointer operations() {
        return Struct.getMemory(fuseOperations);
    }

    int operationsSize() {
        return Struct.size(fuseOperations);
    }

    /** Tells jnr-fuse the mount is gone, so its own shutdown hook leaves the path alone. */
    void markUnmounted() {
        mounted.set(false);
    }

    OpenHandles openHandles() {
        return openFiles;
    }

    int ioErrors() {
        return ioErrors.get();
    }

    // ---- attributes -----------------------------------------------------------------------

    @Override
    public int getattr(String path, FileStat stat) {
        if (snap(path)) {
            return call("getattr", path, () -> {
                fill(stat, snapshots.getattr(snapshots.resolve(path)));
                return 0;
            });
        }
        return onPath("getattr", path, ino -> {
            fill(stat, fs.getattr(ino));
            return 0;
        });
    }

    @Override
    public int fgetattr(String path, FileStat stbuf, FuseFileInfo fi) {
        return call("fgetattr", path, () -> {
            long fh = fi.fh.get();
            if (snapshots != null && SnapshotTree.isFh(fh)) {
                fill(stbuf, snapshots.fgetattr(fh));
                return 0;
            }
            fill(stbuf, fs.getattr(ino(fi)));
            return 0;
        });
    }

    @Override
    public int chmod(String path, @mode_t long mode) {
        int ro = refuseIfSnap("chmod", path);
        if (ro <= 0) {
            return ro;
        }
        return onPath("chmod", path, ino -> {
            fs.setattr(caller(), ino, SetAttr.none().withMode((int) mode & 07777));
            return 0;
        });
    }

    @Override
    public int chown(String path, @uid_t long uid, @gid_t long gid) {
        int ro = refuseIfSnap("chown", path);
        if (ro <= 0) {
            return ro;
        }
        Integer u = uid == -1L || uid == 0xFFFF_FFFFL ? null : (int) uid;
        Integer g = gid == -1L || gid == 0xFFFF_FFFFL ? null : (int) gid;
        return onPath("chown", path, ino -> {
            fs.setattr(caller(), ino, SetAttr.none().withOwner(u, g));
            return 0;
        });
    }

    @Override
    public int truncate(String path, @off_t long size) {
        int ro = refuseIfSnap("truncate", path);
        if (ro <= 0) {
            return ro;
        }
        return onPath("truncate", path, ino -> {
            fs.setattr(caller(), ino, SetAttr.none().withSize(size));
            return 0;
        });
    }

    @Override
    public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
        return call("ftruncate", path, () -> {
            fs.setattr(caller(), ino(fi), SetAttr.none().withSize(size));
            return 0;
        });
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        int ro = refuseIfSnap("utimens", path);
        if (ro <= 0) {
            return ro;
        }
        long atime = nanos(timespec[0]);
        long mtime = nanos(timespec[1]);
        return onPath("utimens", path, ino -> {
            fs.setattr(caller(), ino, SetAttr.none().withTimes(atime, mtime));
            return 0;
        });
    }

    @Override
    public int access(String path, int mask) {
        if (snap(path)) {
            return call("access", path, () -> {
                if ((mask & 2) != 0) {
                    throw readOnly();
                }
                snapshots.getattr(snapshots.resolve(path));
                return 0;
            });
        }
        return onPath("access", path, ino -> {
            fs.access(caller(), ino, mask);
            return 0;
        });
    }

    @Override
    public int statfs(String path, Statvfs st) {
        return call("statfs", path, () -> {
            StatFs s = fs.statfs();
            st.f_bsize.set(s.blockSize());
            st.f_frsize.set(s.blockSize());
            st.f_blocks.set(s.totalBlocks());
            st.f_bfree.set(s.freeBlocks());
            st.f_bavail.set(s.availBlocks());
            st.f_files.set(s.totalInodes());
            st.f_ffree.set(s.freeInodes());
            st.f_favail.set(s.freeInodes());
            st.f_namemax.set(s.maxNameLength());
            return 0;
        });
    }

    // ---- names ----------------------------------------------------------------------------

    @Override
    public int mknod(String path, @mode_t long mode, @dev_t long rdev) {
        int ro = refuseIfSnap("mknod", path);
        if (ro <= 0) {
            return ro;
        }
        return call("mknod", path, () -> {
            FileType type = FileType.ofMode((int) mode);
            if (type == null || ((int) mode & FileType.S_IFMT) == 0) {
                type = FileType.REGULAR;
            }
            if (type == FileType.DIRECTORY || type == FileType.SYMLINK) {
                throw new FsException(Errno.EINVAL, "mknod cannot make a " + type);
            }
            Parent p = parentOf(path);
            Attr a = fs.mknod(caller(), p.ino, p.name, type, (int) mode & 07777, rdev);
            paths.created(path, a.ino());
            return 0;
        });
    }

    @Override
    public int mkdir(String path, @mode_t long mode) {
        int ro = refuseIfSnap("mkdir", path);
        if (ro <= 0) {
            return ro;
        }
        return call("mkdir", path, () -> {
            Parent p = parentOf(path);
            Attr a = fs.mkdir(caller(), p.ino, p.name, (int) mode & 07777);
            paths.created(path, a.ino());
            return 0;
        });
    }

    @Override
    public int unlink(String path) {
        int ro = refuseIfSnap("unlink", path);
        if (ro <= 0) {
            return ro;
        }
        return call("unlink", path, () -> {
            Parent p = parentOf(path);
            fs.unlink(caller(), p.ino, p.name);
            paths.forget(path);
            return 0;
        });
    }

    @Override
    public int rmdir(String path) {
        int ro = refuseIfSnap("rmdir", path);
        if (ro <= 0) {
            return ro;
        }
        return call("rmdir", path, () -> {
            Parent p = parentOf(path);
            fs.rmdir(caller(), p.ino, p.name);
            paths.forgetTree(path);
            return 0;
        });
    }

    @Override
    public int symlink(String target, String linkPath) {
        int ro = refuseIfSnap("symlink", linkPath);
        if (ro <= 0) {
            return ro;
        }
        return call("symlink", linkPath, () -> {
            Parent p = parentOf(linkPath);
            Attr a = fs.symlink(caller(), p.ino, p.name, bytes(target));
            paths.created(linkPath, a.ino());
            return 0;
        });
    }

    @Override
    public int readlink(String path, Pointer buf, @size_t long size) {
        if (snap(path)) {
            return call("readlink", path, () -> {
                byte[] target = snapshots.readlink(snapshots.resolve(path));
                int n = (int) Math.min(target.length, size - 1);
                buf.put(0, target, 0, n);
                buf.putByte(n, (byte) 0);
                return 0;
            });
        }
        return onPath("readlink", path, ino -> {
            byte[] target = fs.readlink(caller(), ino);
            int n = (int) Math.min(target.length, size - 1);
            buf.put(0, target, 0, n);
            buf.putByte(n, (byte) 0);
            return 0;
        });
    }

    @Override
    public int rename(String oldPath, String newPath) {
        int ro = refuseIfSnap("rename", oldPath, newPath);
        if (ro <= 0) {
            return ro;
        }
        return call("rename", oldPath, () -> {
            Parent from = parentOf(oldPath);
            Parent to = parentOf(newPath);
            fs.rename(caller(), from.ino, from.name, to.ino, to.name, 0);
            paths.forgetTree(oldPath);
            paths.forgetTree(newPath);
            return 0;
        });
    }

    @Override
    public int link(String oldPath, String newPath) {
        int ro = refuseIfSnap("link", oldPath, newPath);
        if (ro <= 0) {
            return ro;
        }
        return call("link", newPath, () -> {
            long ino = resolve(oldPath);
            Parent to = parentOf(newPath);
            Attr a = fs.link(caller(), ino, to.ino, to.name);
            paths.created(newPath, a.ino());
            return 0;
        });
    }

    // ---- files ----------------------------------------------------------------------------

    @Override
    public int create(String path, @mode_t long mode, FuseFileInfo fi) {
        int ro = refuseIfSnap("create", path);
        if (ro <= 0) {
            return ro;
        }
        return call("create", path, () -> {
            Parent p = parentOf(path);
            FsOperations.Created c = fs.create(caller(), p.ino, p.name, (int) mode & 07777,
                    flags.toLinux(fi.flags.get()));
            openFiles.opened(c.fh(), c.attr().ino());
            fi.fh.set(c.fh());
            paths.created(path, c.attr().ino());
            return 0;
        });
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        if (snap(path)) {
            return call("open", path, () -> {
                int f = flags.toLinux(fi.flags.get());
                if ((f & 3) != 0 || (f & 01000) != 0) { // O_WRONLY/O_RDWR, O_TRUNC
                    throw readOnly();
                }
                fi.fh.set(snapshots.open(snapshots.resolve(path)));
                return 0;
            });
        }
        return onPath("open", path, ino -> {
            long fh = fs.open(caller(), ino, flags.toLinux(fi.flags.get()));
            openFiles.opened(fh, ino);
            fi.fh.set(fh);
            return 0;
        });
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return call("read", path, () -> {
            byte[] b = takeBuffer((int) size);
            try {
                long fh = fi.fh.get();
                int n = snapshots != null && SnapshotTree.isFh(fh) ? snapshots.read(fh, offset, b, (int) size)
                        : fs.read(fh, offset, b, 0, (int) size);
                if (n > 0) {
                    buf.put(0, b, 0, n);
                }
                return n;
            } finally {
                giveBack(b);
            }
        });
    }

    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return call("write", path, () -> {
            long fh = fi.fh.get();
            if (snapshots != null && SnapshotTree.isFh(fh)) {
                throw readOnly();
            }
            if (buf.isDirect()) {
                // libfuse's buffer as a direct ByteBuffer (through JNA, which can make one of an
                // address): the engine writes it to its cache file without a copy into the heap
                return fs.write(fh, offset, new com.sun.jna.Pointer(buf.address()).getByteBuffer(0, size));
            }
            byte[] b = takeBuffer((int) size);
            try {
                buf.get(0, b, 0, (int) size);
                return fs.write(fh, offset, b, 0, (int) size);
            } finally {
                giveBack(b);
            }
        });
    }

    @Override
    public int flush(String path, FuseFileInfo fi) {
        return call("flush", path, () -> {
            if (snapshots != null && SnapshotTree.isFh(fi.fh.get())) {
                return 0;
            }
            fs.flush(fi.fh.get());
            return 0;
        });
    }

    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        return call("fsync", path, () -> {
            if (snapshots != null && SnapshotTree.isFh(fi.fh.get())) {
                return 0;
            }
            fs.fsync(fi.fh.get(), isdatasync != 0);
            return 0;
        });
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        return call("release", path, () -> {
            long fh = fi.fh.get();
            if (snapshots != null && SnapshotTree.isFh(fh)) {
                snapshots.release(fh);
                return 0;
            }
            try {
                fs.release(fh);
            } finally {
                openFiles.released(fh);
            }
            return 0;
        });
    }

    @Override
    public int fallocate(String path, int mode, @off_t long off, @off_t long length, FuseFileInfo fi) {
        return call("fallocate", path, () -> {
            if (snapshots != null && SnapshotTree.isFh(fi.fh.get())) {
                throw readOnly();
            }
            fs.fallocate(fi.fh.get(), mode, off, length);
            return 0;
        });
    }

    // ---- directories ----------------------------------------------------------------------

    @Override
    public int opendir(String path, FuseFileInfo fi) {
        if (snap(path)) {
            return call("opendir", path, () -> {
                if (snapshots.getattr(snapshots.resolve(path)).type() != FileType.DIRECTORY) {
                    throw new FsException(Errno.ENOTDIR, path);
                }
                fi.fh.set(snapshots.opendir(path));
                return 0;
            });
        }
        return onPath("opendir", path, ino -> {
            if (!fs.getattr(ino).isDirectory()) {
                throw new FsException(Errno.ENOTDIR, path);
            }
            fi.fh.set(ino);
            return 0;
        });
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filter, @off_t long offset, FuseFileInfo fi) {
        if (snapshots != null && SnapshotTree.isFh(fi.fh.get())) { // no path here: nopath is set
            return call("readdir", path, () -> snapReaddir(snapshots.dirPath(fi.fh.get()), buf, filter));
        }
        return call("readdir", path, () -> {
            long dir = fi.fh.get();
            Caller c = caller();
            FileStat st = FileStat.of(Memory.allocateDirect(Runtime.getSystemRuntime(),
                    Struct.size(new FileStat(Runtime.getSystemRuntime()))));
            long cookie = offset;
            while (true) {
                List<DirEntry> batch = fs.readdir(c, dir, cookie, READDIR_BATCH);
                if (batch.isEmpty()) {
                    return 0;
                }
                for (DirEntry e : batch) {
                    byte[] name = e.name();
                    byte[] z = new byte[name.length + 1];
                    System.arraycopy(name, 0, z, 0, name.length);
                    st.st_ino.set(e.ino());
                    st.st_mode.set(e.type().bits());
                    if (filter.apply(buf, ByteBuffer.wrap(z), Struct.getMemory(st), e.offset()) != 0) {
                        return 0;
                    }
                    cookie = e.offset();
                }
            }
        });
    }

    private static int fillName(FuseFillDir filter, Pointer buf, byte[] name) {
        byte[] z = java.util.Arrays.copyOf(name, name.length + 1);
        return filter.apply(buf, ByteBuffer.wrap(z), null, 0);
    }

    /** A whole directory of {@code /.snapshots} in one go (libfuse keeps the offsets). */
    private int snapReaddir(String path, Pointer buf, FuseFillDir filter) throws FsException {
        SnapshotTree.Node n = snapshots.resolve(path);
        fillName(filter, buf, bytes("."));
        fillName(filter, buf, bytes(".."));
        if (n.isTop()) {
            for (String name : snapshots.listTop()) {
                if (fillName(filter, buf, bytes(name)) != 0) {
                    return 0;
                }
            }
            return 0;
        }
        for (DirEntry e : snapshots.readdir(n)) {
            String name = e.nameString();
            if (name.equals(".") || name.equals("..")) { // the engine's readdir may list them too
                continue;
            }
            if (fillName(filter, buf, e.name()) != 0) {
                return 0;
            }
        }
        return 0;
    }

    @Override
    public int releasedir(String path, FuseFileInfo fi) {
        if (snapshots != null && SnapshotTree.isFh(fi.fh.get())) {
            snapshots.releasedir(fi.fh.get());
        }
        return 0;
    }

    @Override
    public int fsyncdir(String path, FuseFileInfo fi) {
        return 0;
    }

    // ---- extended attributes --------------------------------------------------------------

    @Override
    public int setxattr(String path, String name, Pointer value, @size_t long size, int xflags) {
        int ro = refuseIfSnap("setxattr", path);
        if (ro <= 0) {
            return ro;
        }
        return onPath("setxattr", path, ino -> {
            byte[] v = new byte[(int) size];
            value.get(0, v, 0, v.length);
            fs.setxattr(caller(), ino, name, v, xflags);
            return 0;
        });
    }

    @Override
    public int getxattr(String path, String name, Pointer value, @size_t long size) {
        if (snap(path)) {
            return call("getxattr", path, () -> {
                throw new FsException(Errno.ENODATA, name);
            });
        }
        return onPath("getxattr", path, ino -> {
            byte[] v = fs.getxattr(caller(), ino, name);
            if (size == 0) {
                return v.length;
            }
            if (size < v.length) {
                throw new FsException(Errno.ERANGE, "buffer of " + size + " for " + v.length + " bytes");
            }
            value.put(0, v, 0, v.length);
            return v.length;
        });
    }

    @Override
    public int listxattr(String path, Pointer list, @size_t long size) {
        if (snap(path)) {
            return call("listxattr", path, () -> 0);
        }
        return onPath("listxattr", path, ino -> {
            List<String> names = fs.listxattr(caller(), ino);
            ByteBuffer out = ByteBuffer.allocate(names.stream().mapToInt(n -> bytes(n).length + 1).sum());
            for (String n : names) {
                out.put(bytes(n)).put((byte) 0);
            }
            if (size == 0) {
                return out.capacity();
            }
            if (size < out.capacity()) {
                throw new FsException(Errno.ERANGE, "buffer of " + size + " for " + out.capacity() + " bytes");
            }
            list.put(0, out.array(), 0, out.capacity());
            return out.capacity();
        });
    }

    @Override
    public int removexattr(String path, String name) {
        int ro = refuseIfSnap("removexattr", path);
        if (ro <= 0) {
            return ro;
        }
        return onPath("removexattr", path, ino -> {
            fs.removexattr(caller(), ino, name);
            return 0;
        });
    }

    // ---- lifecycle ------------------------------------------------------------------------

    @Override
    public void destroy(Pointer initResult) {
        onDestroy.run();
    }

    @Override
    protected String getFSName() {
        return "qsfs";
    }
}
