package org.qsfs.engine.fs;

import java.nio.ByteBuffer;
import java.util.List;
import org.qsfs.engine.cache.BlockCache;
import org.qsfs.engine.volume.Tables;
import org.qsfs.engine.volume.VersionKeeper;

/**
 * {@link FsOperations} over the volume's tables and block cache. Each call is one
 * transaction of the volume database; a call that needs a block from the backends rolls
 * back, fetches it without holding the volume lock, and runs again.
 *
 * <p>atime is kept as written by create and utimens; reads do not update it (noatime),
 * which saves a database write per read.
 *
 * <p>The calls are made by parts that share one {@link FsContext}: {@link NameOps} (entries
 * of the tree), {@link AttrOps} (attributes), {@link HandleOps} (open, create, fsync,
 * release), {@link ReadOps}, {@link WriteOps} (with {@link FastWrites}) and {@link XattrOps}.
 */
public final class VolumeFileSystem implements FsOperations {
    /** Waits until a file's data and the metadata journal are safe on the backends ("durable fsync"). */
    public interface Durability {
        void awaitSafe(long ino) throws FsException;
    }

    private final FsContext ctx;
    private final NameOps names;
    private final AttrOps attrs;
    private final HandleOps opens;
    private final ReadOps reads;
    private final WriteOps writes;
    private final XattrOps xattrs;
    private PurgeScheduler purges;
    /** The user's calls (all but statfs, which desktop widgets poll): uploads wait for a pause in them. */
    private final org.qsfs.engine.cache.BusyDrive calls = new org.qsfs.engine.cache.BusyDrive(QUIET_NS);
    /** How long after its last call the drive counts as busy. */
    static final long QUIET_NS = 250_000_000L;

    /** What the parts share (for {@link VersionOps}, which changes the tree as they do). */
    FsContext context() {
        return ctx;
    }

    public VolumeFileSystem(Tables t, BlockCache cache, VersionKeeper keeper, int blockSize, int prefetchBlocks,
            long capacityBytes) {
        this.ctx = new FsContext(t, cache, keeper, blockSize, prefetchBlocks, capacityBytes);
        this.names = new NameOps(ctx);
        this.attrs = new AttrOps(ctx);
        this.opens = new HandleOps(ctx);
        this.reads = new ReadOps(ctx);
        this.writes = new WriteOps(ctx);
        this.xattrs = new XattrOps(ctx);
    }

    /** When this file system last served a call (for the upload queue). */
    public org.qsfs.engine.cache.BusyDrive busyDrive() {
        return calls;
    }

    /** Holds copies of blocks rewritten soon after their upload back from the upload queue. */
    void setHotBlocks(org.qsfs.engine.cache.HotBlocks hot) {
        ctx.content.setHotBlocks(hot);
    }

    /**
     * From now on a removed file's version is kept, and its inode purged, in background batches
     * ({@link DeferredPurges}); {@link #stopDeferredPurges} finishes them. Without this, at once.
     */
    public void startDeferredPurges() {
        if (purges == null) {
            purges = new PurgeScheduler(ctx);
            purges.start();
        }
    }

    /** Purges the removed files still waiting and stops the background purges (before closing the volume). */
    public void stopDeferredPurges() {
        if (purges != null) {
            purges.close();
        }
    }

    /** Turns on "durable fsync": {@link #fsync} then also waits for the backends. */
    public void setDurability(Durability d) {
        opens.setDurability(d);
    }

    /** Creates the root directory of a new volume. */
    public void initRoot(int uid, int gid, int perm) throws FsException {
        names.initRoot(uid, gid, perm);
    }

    /** Deletes inodes that lost their last name while open before a restart. */
    public int purgeOrphans() throws FsException {
        return opens.purgeOrphans();
    }

    public int blockSize() {
        return ctx.content.blockSize();
    }

    FileContent content() {
        return ctx.content;
    }

    int openHandles() {
        return ctx.handles.size();
    }

    // ---- names ----

    @Override
    public Attr lookup(Caller c, long parent, byte[] name) throws FsException {
        calls.served();
        return names.lookup(c, parent, name);
    }

    @Override
    public List<DirEntry> readdir(Caller c, long dir, long offset, int max) throws FsException {
        calls.served();
        return names.readdir(c, dir, offset, max);
    }

    @Override
    public List<DirEntryPlus> readdirPlus(Caller c, long dir, long offset, int max) throws FsException {
        calls.served();
        return names.readdirPlus(c, dir, offset, max);
    }

    @Override
    public Attr mknod(Caller c, long parent, byte[] name, FileType type, int perm, long rdev) throws FsException {
        calls.served();
        return names.mknod(c, parent, name, type, perm, rdev);
    }

    @Override
    public Attr mkdir(Caller c, long parent, byte[] name, int perm) throws FsException {
        calls.served();
        return names.mkdir(c, parent, name, perm);
    }

    @Override
    public Attr symlink(Caller c, long parent, byte[] name, byte[] target) throws FsException {
        calls.served();
        return names.symlink(c, parent, name, target);
    }

    @Override
    public byte[] readlink(Caller c, long ino) throws FsException {
        calls.served();
        return names.readlink(c, ino);
    }

    @Override
    public Attr link(Caller c, long ino, long newParent, byte[] newName) throws FsException {
        calls.served();
        return names.link(c, ino, newParent, newName);
    }

    @Override
    public void unlink(Caller c, long parent, byte[] name) throws FsException {
        calls.served();
        names.unlink(c, parent, name);
    }

    @Override
    public void rmdir(Caller c, long parent, byte[] name) throws FsException {
        calls.served();
        names.rmdir(c, parent, name);
    }

    @Override
    public void rename(Caller c, long parent, byte[] name, long newParent, byte[] newName, int flags)
            throws FsException {
        calls.served();
        names.rename(c, parent, name, newParent, newName, flags);
    }

    // ---- attributes ----

    @Override
    public Attr getattr(long ino) throws FsException {
        calls.served();
        return attrs.getattr(ino);
    }

    @Override
    public Attr setattr(Caller c, long ino, SetAttr a) throws FsException {
        calls.served();
        return attrs.setattr(c, ino, a);
    }

    @Override
    public void access(Caller c, long ino, int mask) throws FsException {
        calls.served();
        attrs.access(c, ino, mask);
    }

    @Override
    public StatFs statfs() throws FsException {
        return attrs.statfs();
    }

    // ---- files ----

    @Override
    public long open(Caller c, long ino, int flags) throws FsException {
        calls.served();
        return opens.open(c, ino, flags);
    }

    @Override
    public Created create(Caller c, long parent, byte[] name, int perm, int flags) throws FsException {
        calls.served();
        return opens.create(c, parent, name, perm, flags);
    }

    @Override
    public int read(long fh, long offset, byte[] buf, int bufOff, int len) throws FsException {
        calls.served();
        return reads.read(fh, offset, buf, bufOff, len);
    }

    @Override
    public int read(long fh, long offset, ByteBuffer dst) throws FsException {
        calls.served();
        return reads.read(fh, offset, dst);
    }

    @Override
    public int write(long fh, long offset, byte[] buf, int bufOff, int len) throws FsException {
        calls.served();
        return writes.write(fh, offset, buf, bufOff, len);
    }

    @Override
    public int write(long fh, long offset, ByteBuffer src) throws FsException {
        calls.served();
        return writes.write(fh, offset, src);
    }

    @Override
    public void fallocate(long fh, int mode, long offset, long length) throws FsException {
        calls.served();
        writes.fallocate(fh, mode, offset, length);
    }

    @Override
    public void flush(long fh) throws FsException {
        calls.served();
        opens.flush(fh);
    }

    @Override
    public void fsync(long fh, boolean dataOnly) throws FsException {
        calls.served();
        opens.fsync(fh, dataOnly);
    }

    /** fsync of the whole volume (syncfs). */
    public void sync() throws FsException {
        opens.sync();
    }

    @Override
    public void release(long fh) throws FsException {
        calls.served();
        opens.release(fh);
    }

    // ---- extended attributes ----

    @Override
    public byte[] getxattr(Caller c, long ino, String name) throws FsException {
        calls.served();
        return xattrs.getxattr(c, ino, name);
    }

    @Override
    public void setxattr(Caller c, long ino, String name, byte[] value, int flags) throws FsException {
        calls.served();
        xattrs.setxattr(c, ino, name, value, flags);
    }

    @Override
    public List<String> listxattr(Caller c, long ino) throws FsException {
        calls.served();
        return xattrs.listxattr(c, ino);
    }

    @Override
    public void removexattr(Caller c, long ino, String name) throws FsException {
        calls.served();
        xattrs.removexattr(c, ino, name);
    }
}
