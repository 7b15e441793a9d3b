package org.qsfs.engine.fs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.cache.BlockCache;
import org.qsfs.engine.volume.BlockRow;
import org.qsfs.engine.volume.Db;
import org.qsfs.engine.volume.Dirents;
import org.qsfs.engine.volume.Inode;
import org.qsfs.engine.volume.Tables;
import org.qsfs.engine.volume.VersionKeeper;
import org.qsfs.engine.volume.VersionRow;

/**
 * {@link FsOperations} over the volume's tables and block cache. Each call is one
 * transaction of the volume database; a call that needs a block from the backends rolls
 * back, fetches it without holding the volume lock, and runs again.
 *
 * <p>atime is kept as written by create and utimens; reads do not update it (noatime),
 * which saves a database write per read.
 */
public final class VolumeFileSystem implements FsOperations {
    /** Waits until a file's data and the metadata journal are safe on the backends ("durable fsync"). */
    public interface Durability {
        void awaitSafe(long ino) throws FsException;
    }

    static final long MAX_FILE_SIZE = 1L << 52;
    private static final int MAX_LINKS = 65000;

    private final Tables t;
    private final Db db;
    private final BlockCache cache;
    private final FileContent content;
    private final Handles handles = new Handles();
    private final Tree tree;
    private final VersionKeeper keeper;
    private final int prefetchBlocks;
    private final long capacityBytes;
    private volatile Durability durability;

    public VolumeFileSystem(Tables t, BlockCache cache, VersionKeeper keeper, int blockSize, int prefetchBlocks,
            long capacityBytes) {
        this.t = t;
        this.db = t.db;
        this.cache = cache;
        this.keeper = keeper;
        this.content = new FileContent(blockSize, db, t.blocks, cache);
        this.tree = new Tree(t, handles, keeper, content);
        this.prefetchBlocks = prefetchBlocks;
        this.capacityBytes = capacityBytes;
    }

    /** Holds copies of blocks rewritten soon after their upload back from the upload queue. */
    void setHotBlocks(org.qsfs.engine.cache.HotBlocks hot) {
        content.setHotBlocks(hot);
    }

    /** Turns on "durable fsync": {@link #fsync} then also waits for the backends. */
    public void setDurability(Durability d) {
        this.durability = d;
    }

    /** Creates the root directory of a new volume. */
    public void initRoot(int uid, int gid, int perm) throws FsException {
        db.run(() -> {
            if (t.inodes.get(ROOT_INO) == null) {
                Inode r = new Inode();
                r.ino = ROOT_INO;
                r.type = FileType.DIRECTORY;
                r.perm = perm;
                r.uid = uid;
                r.gid = gid;
                r.nlink = 2;
                long now = Clock.nowNs();
                r.atime = r.mtime = r.ctime = r.btime = now;
                t.inodes.put(r);
                t.counters.atLeast(org.qsfs.engine.volume.Counters.INO, ROOT_INO);
            }
            return null;
        });
    }

    /** Deletes inodes that lost their last name while open before a restart. */
    public int purgeOrphans() throws FsException {
        return db.tx(() -> {
            int n = 0;
            for (long ino : t.inodes.orphans()) {
                Inode i = t.inodes.get(ino);
                if (i.isDir()) {
                    t.inodes.delete(ino);
                } else {
                    tree.purge(i, Clock.nowNs());
                }
                n++;
            }
            return n;
        });
    }

    public int blockSize() {
        return content.blockSize();
    }

    FileContent content() {
        return content;
    }

    int openHandles() {
        return handles.size();
    }

    private <T> T withFetch(Db.Body<T> body) throws FsException {
        boolean committed = false;
        while (true) {
            try {
                return db.tx(body);
            } catch (BlockCache.NeedFetch nf) {
                cache.resolve(nf);
            } catch (FsException e) {
                if (e.errno() != Errno.ENOSPC || committed || !deletionsPending()) {
                    throw e;
                }
                // files of deleted blocks go at the next commit: commit now and try once more
                freeDeleted();
                committed = true;
            }
        }
    }

    /** Whether files of dropped blocks wait for a commit or for the background deleter. */
    private boolean deletionsPending() {
        return db.deferredDeletions() || cache.files().pendingDeletions();
    }

    /** Commits, then waits until the files of the blocks dropped so far are deleted. */
    private void freeDeleted() throws FsException {
        db.commitNow();
        cache.files().awaitDeletions();
    }

    // ---- names ----

    @Override
    public Attr lookup(Caller c, long parent, byte[] name) throws FsException {
        Names.check(name);
        return db.read(() -> {
            Inode d = tree.dir(parent);
            Permissions.check(c, d, OpenFlags.X_OK);
            Inode i = tree.child(d, name);
            if (i == null) {
                throw new FsException(Errno.ENOENT, "no entry " + show(name));
            }
            return i.attr();
        });
    }

    @Override
    public Attr getattr(long ino) throws FsException {
        return db.read(() -> tree.inode(ino).attr());
    }

    @Override
    public List<DirEntry> readdir(Caller c, long dir, long offset, int max) throws FsException {
        return db.read(() -> {
            Inode d = tree.dir(dir);
            Permissions.check(c, d, OpenFlags.R_OK);
            List<DirEntry> out = new ArrayList<>();
            if (offset < 1 && out.size() < max) {
                out.add(new DirEntry(new byte[] {'.'}, d.ino, FileType.DIRECTORY, 1));
            }
            if (offset < 2 && out.size() < max) {
                Dirents.Entry up = t.dirents.parentOf(d.ino);
                out.add(new DirEntry(new byte[] {'.', '.'}, up == null ? d.ino : up.parent(), FileType.DIRECTORY, 2));
            }
            if (out.size() < max) {
                for (Object[] e : t.dirents.listTyped(d.ino, Math.max(0, offset - 2), max - out.size())) {
                    out.add(new DirEntry((byte[]) e[0], (Long) e[1], FileType.ofId((Integer) e[3]), (Long) e[2] + 2));
                }
            }
            return out;
        });
    }

    @Override
    public List<DirEntryPlus> readdirPlus(Caller c, long dir, long offset, int max) throws FsException {
        return db.read(() -> {
            List<DirEntryPlus> out = new ArrayList<>();
            for (DirEntry e : readdir(c, dir, offset, max)) {
                out.add(new DirEntryPlus(e, e.isDot() ? null : tree.inode(e.ino()).attr()));
            }
            return out;
        });
    }

    @Override
    public Attr mknod(Caller c, long parent, byte[] name, FileType type, int perm, long rdev) throws FsException {
        if (type == FileType.DIRECTORY || type == FileType.SYMLINK) {
            throw new FsException(Errno.EINVAL, "mknod makes files, FIFOs, sockets and devices; use mkdir or symlink");
        }
        if ((type == FileType.CHAR_DEVICE || type == FileType.BLOCK_DEVICE) && !c.isRoot()) {
            throw new FsException(Errno.EPERM, "only root may create device nodes");
        }
        long dev = type == FileType.CHAR_DEVICE || type == FileType.BLOCK_DEVICE ? rdev : 0;
        return make(c, parent, name, type, perm, dev, null);
    }

    @Override
    public Attr mkdir(Caller c, long parent, byte[] name, int perm) throws FsException {
        return make(c, parent, name, FileType.DIRECTORY, perm, 0, null);
    }

    @Override
    public Attr symlink(Caller c, long parent, byte[] name, byte[] target) throws FsException {
        if (target == null || target.length == 0) {
            throw new FsException(Errno.ENOENT, "a symlink needs a target");
        }
        if (target.length > Names.MAX_TARGET) {
            throw new FsException(Errno.ENAMETOOLONG, "a symlink target is at most 4095 bytes");
        }
        for (byte b : target) {
            if (b == 0) {
                throw new FsException(Errno.EINVAL, "a symlink target cannot contain NUL");
            }
        }
        return make(c, parent, name, FileType.SYMLINK, 0777, 0, target.clone());
    }

    private Attr make(Caller c, long parent, byte[] name, FileType type, int perm, long rdev, byte[] target)
            throws FsException {
        Names.checkNew(name);
        return db.tx(() -> {
            Inode d = tree.dir(parent);
            Permissions.check(c, d, OpenFlags.W_OK | OpenFlags.X_OK);
            return tree.create(c, d, name, type, perm, rdev, target, Clock.nowNs()).attr();
        });
    }

    @Override
    public byte[] readlink(Caller c, long ino) throws FsException {
        return db.read(() -> {
            Inode i = tree.inode(ino);
            if (i.type != FileType.SYMLINK) {
                throw new FsException(Errno.EINVAL, "not a symlink");
            }
            return i.target.clone();
        });
    }

    @Override
    public Attr link(Caller c, long ino, long newParent, byte[] newName) throws FsException {
        Names.checkNew(newName);
        return db.tx(() -> {
            Inode i = tree.inode(ino);
            if (i.isDir()) {
                throw new FsException(Errno.EPERM, "cannot hard-link a directory");
            }
            if (i.nlink == 0) {
                throw new FsException(Errno.ENOENT, "the file was deleted");
            }
            if (i.nlink >= MAX_LINKS) {
                throw new FsException(Errno.EMLINK, "too many links");
            }
            Inode d = tree.dir(newParent);
            Permissions.check(c, d, OpenFlags.W_OK | OpenFlags.X_OK);
            if (t.dirents.get(d.ino, newName) != null) {
                throw new FsException(Errno.EEXIST, "the name exists");
            }
            long now = Clock.nowNs();
            t.dirents.add(d.ino, newName, i.ino, now);
            i.nlink++;
            i.ctime = now;
            t.inodes.put(i);
            d.mtime = d.ctime = now;
            t.inodes.put(d);
            return i.attr();
        });
    }

    @Override
    public void unlink(Caller c, long parent, byte[] name) throws FsException {
        Names.check(name);
        db.run(() -> {
            Inode d = tree.dir(parent);
            Permissions.check(c, d, OpenFlags.W_OK | OpenFlags.X_OK);
            Dirents.Entry e = Names.isDot(name) || Names.isDotDot(name) ? null : t.dirents.get(d.ino, name);
            if (e == null) {
                throw new FsException(Names.isDot(name) || Names.isDotDot(name) ? Errno.EISDIR : Errno.ENOENT,
                        "no entry " + show(name));
            }
            Inode victim = t.inodes.get(e.ino());
            if (victim.isDir()) {
                throw new FsException(Errno.EISDIR, "unlink of a directory; use rmdir");
            }
            Permissions.checkSticky(c, d, victim);
            tree.removeLink(c, d, e, victim, VersionRow.DELETED, Clock.nowNs());
            return null;
        });
    }

    @Override
    public void rmdir(Caller c, long parent, byte[] name) throws FsException {
        Names.check(name);
        if (Names.isDot(name)) {
            throw new FsException(Errno.EINVAL, "rmdir of '.'");
        }
        if (Names.isDotDot(name)) {
            throw new FsException(Errno.ENOTEMPTY, "rmdir of '..'");
        }
        db.run(() -> {
            Inode d = tree.dir(parent);
            Permissions.check(c, d, OpenFlags.W_OK | OpenFlags.X_OK);
            Dirents.Entry e = t.dirents.get(d.ino, name);
            if (e == null) {
                throw new FsException(Errno.ENOENT, "no entry " + show(name));
            }
            Inode victim = t.inodes.get(e.ino());
            if (!victim.isDir()) {
                throw new FsException(Errno.ENOTDIR, "rmdir of a non-directory");
            }
            Permissions.checkSticky(c, d, victim);
            tree.removeDir(d, e, victim, Clock.nowNs());
            return null;
        });
    }

    @Override
    public void rename(Caller c, long parent, byte[] name, long newParent, byte[] newName, int flags)
            throws FsException {
        db.run(() -> {
            tree.rename(c, parent, name, newParent, newName, flags, Clock.nowNs());
            return null;
        });
    }

    // ---- attributes ----

    @Override
    public Attr setattr(Caller c, long ino, SetAttr a) throws FsException {
        Db.Body<Attr> body = () -> {
            Inode i = tree.inode(ino);
            long now = Clock.nowNs();
            boolean changed = false;
            if (a.uid() != null || a.gid() != null) {
                boolean uidChange = a.uid() != null && a.uid() != i.uid;
                boolean gidChange = a.gid() != null && a.gid() != i.gid;
                if (!c.isRoot() && (uidChange || (gidChange && (c.uid() != i.uid || !c.inGroup(a.gid()))))) {
                    throw new FsException(Errno.EPERM, "only root may give a file away, and an owner may only"
                            + " choose one of their groups");
                }
                if (a.uid() != null) {
                    i.uid = a.uid();
                }
                if (a.gid() != null) {
                    i.gid = a.gid();
                }
                if (!i.isDir() && (uidChange || gidChange || !c.isRoot())) {
                    i.perm &= ~Permissions.S_ISUID;
                    if ((i.perm & 010) != 0) {
                        i.perm &= ~Permissions.S_ISGID;
                    }
                }
                changed = true;
            }
            if (a.perm() >= 0) {
                if (!Permissions.isOwner(c, i)) {
                    throw new FsException(Errno.EPERM, "only the owner may change the mode");
                }
                int p = a.perm() & 07777;
                if (!c.isRoot() && !c.inGroup(i.gid)) {
                    p &= ~Permissions.S_ISGID;
                }
                i.perm = p;
                changed = true;
            }
            if (a.size() >= 0) {
                if (i.isDir()) {
                    throw new FsException(Errno.EISDIR, "truncate of a directory");
                }
                if (i.type != FileType.REGULAR) {
                    throw new FsException(Errno.EINVAL, "truncate of a special file");
                }
                if (a.size() > MAX_FILE_SIZE) {
                    throw new FsException(Errno.EFBIG, "file too large");
                }
                Permissions.check(c, i, OpenFlags.W_OK);
                if (a.size() != i.size) {
                    keeper.beforeChange(i, now);
                    content.truncate(i, a.size(), now);
                }
                i.mtime = now;
                changed = true;
            }
            if (a.changesTimes()) {
                boolean bothNow = (a.atimeNs() == SetAttr.NOW || a.atimeNs() == SetAttr.OMIT)
                        && (a.mtimeNs() == SetAttr.NOW || a.mtimeNs() == SetAttr.OMIT);
                if (!Permissions.isOwner(c, i) && !(bothNow && Permissions.allowed(c, i, OpenFlags.W_OK))) {
                    throw new FsException(bothNow ? Errno.EACCES : Errno.EPERM, "only the owner may set times");
                }
                if (a.atimeNs() != SetAttr.OMIT) {
                    i.atime = a.atimeNs() == SetAttr.NOW ? now : a.atimeNs();
                }
                if (a.mtimeNs() != SetAttr.OMIT) {
                    i.mtime = a.mtimeNs() == SetAttr.NOW ? now : a.mtimeNs();
                }
                changed = true;
            }
            if (changed) {
                i.ctime = now;
                t.inodes.putLater(i); // written once per commit, however many setattrs (unzip: 3 a file)
            }
            return i.attr();
        };
        return a.size() >= 0 ? withFetch(body) : db.inMemory(body); // only a truncate writes rows now
    }

    @Override
    public void access(Caller c, long ino, int mask) throws FsException {
        db.read(() -> {
            Permissions.check(c, tree.inode(ino), mask);
            return null;
        });
    }

    @Override
    public StatFs statfs() throws FsException {
        return db.read(() -> {
            long bsize = 4096;
            long files = t.inodes.count();
            long used = t.inodes.allocated();
            long total = capacityBytes / bsize;
            long free = Math.max(0, total - (used + bsize - 1) / bsize);
            return new StatFs(bsize, total, free, free, files + (1L << 32), 1L << 32, Names.MAX_NAME);
        });
    }

    // ---- files ----

    @Override
    public long open(Caller c, long ino, int flags) throws FsException {
        boolean truncated = withFetch(() -> {
            Inode i = tree.inode(ino);
            return openChecks(c, i, flags);
        });
        long fh = handles.open(ino, flags);
        if (truncated) {
            handles.get(fh).session = true;
        }
        return fh;
    }

    /** Checks an open of {@code i}; truncates for O_TRUNC. Returns whether a writing session began. */
    private boolean openChecks(Caller c, Inode i, int flags) throws java.sql.SQLException, FsException {
        boolean w = OpenFlags.writable(flags);
        if (i.isDir() && (w || (flags & OpenFlags.O_TRUNC) != 0)) {
            throw new FsException(Errno.EISDIR, "cannot open a directory for writing");
        }
        if (i.type == FileType.SYMLINK) {
            throw new FsException(Errno.ELOOP, "open of a symlink itself");
        }
        int mask = (OpenFlags.readable(flags) ? OpenFlags.R_OK : 0) | (w ? OpenFlags.W_OK : 0);
        if ((flags & OpenFlags.O_TRUNC) != 0) {
            mask |= OpenFlags.W_OK;
        }
        Permissions.check(c, i, mask);
        if ((flags & OpenFlags.O_TRUNC) != 0 && i.type == FileType.REGULAR && i.size > 0) {
            long now = Clock.nowNs();
            keeper.beforeChange(i, now);
            content.truncate(i, 0, now);
            i.mtime = i.ctime = now;
            t.inodes.put(i);
            return true;
        }
        return false;
    }

    @Override
    public Created create(Caller c, long parent, byte[] name, int perm, int flags) throws FsException {
        Names.check(name);
        Object[] r = withFetch(() -> {
            Inode d = tree.dir(parent);
            Permissions.check(c, d, OpenFlags.X_OK);
            Inode existing = tree.child(d, name);
            if (existing != null) {
                if ((flags & OpenFlags.O_EXCL) != 0) {
                    throw new FsException(Errno.EEXIST, "the file exists");
                }
                boolean session = openChecks(c, existing, flags);
                return new Object[] {existing.attr(), session};
            }
            Permissions.check(c, d, OpenFlags.W_OK);
            Inode i = tree.createAbsent(c, d, name, FileType.REGULAR, perm, 0, null, Clock.nowNs());
            // a new, empty file: its writing session starts now (there is nothing to keep as a
            // version), so even its first write can take the fast path
            return new Object[] {i.attr(), OpenFlags.writable(flags)};
        });
        Attr attr = (Attr) r[0];
        long fh = handles.open(attr.ino(), flags);
        if ((Boolean) r[1]) {
            handles.get(fh).session = true; // truncated by O_TRUNC, or created here
        }
        return new Created(attr, fh);
    }

    @Override
    public int read(long fh, long offset, byte[] buf, int bufOff, int len) throws FsException {
        Handles.Handle h = handles.get(fh);
        if (!h.readable()) {
            throw new FsException(Errno.EBADF, "handle not open for reading");
        }
        if (offset < 0 || len < 0) {
            throw new FsException(Errno.EINVAL, "negative offset or length");
        }
        int n = fastRead(h.ino, offset, buf, bufOff, len);
        if (n < 0) {
            n = slowRead(h, offset, buf, bufOff, len);
        }
        if (prefetchBlocks > 0 && n > 0 && h.lastReadEnd == offset) {
            long blockOfEnd = (offset + n - 1) / content.blockSize();
            if (blockOfEnd != h.prefetchedFrom) {
                h.prefetchedFrom = blockOfEnd; // once per block, not on every read of it
                prefetchAfter(h.ino, offset + n);
            }
        }
        h.lastReadEnd = offset + n;
        return n;
    }

    /**
     * A read of cached blocks without the volume lock or the database: the inode, the map and
     * the block rows come from the in-memory caches, and a safe block's copy read for the first
     * time is checked here too. Returns -1 when the locked path must run (something not cached,
     * a copy that fails its checksum, a block evicted or changed during the read).
     */
    private int fastRead(long ino, long offset, byte[] buf, int off, int len) throws FsException {
        Inode i = t.inodes.peek(ino);
        if (i == null || i.type != FileType.REGULAR) {
            return -1;
        }
        if (offset >= i.size || len == 0) {
            return 0;
        }
        int bs = content.blockSize();
        int n = (int) Math.min(len, i.size - offset);
        int done = 0;
        int fetches = 0;
        while (done < n) {
            long p = offset + done;
            long idx = p / bs;
            int inOff = (int) (p - idx * bs);
            int cnt = Math.min(n - done, bs - inOff);
            Long id = t.blocks.peekMapped(ino, idx);
            if (id == null) {
                return -1;
            }
            int got = 0;
            if (id >= 0) {
                BlockRow b = t.blocks.peek(id);
                if (b == null) {
                    return -1;
                }
                if (!b.cached()) {
                    if (fetches++ > 2) {
                        return -1;
                    }
                    cache.fetch(b);
                    continue; // the row changed: look again
                }
                if (inOff < b.len()) {
                    int want = Math.min(cnt, b.len() - inOff);
                    try {
                        if (cache.needsCheck(b)) {
                            // the first read of a safe block's copy checks it, here without the lock;
                            // a copy that fails goes to the locked path, which drops and fetches it
                            got = cache.readVerifying(b, inOff, buf, off + done, want);
                            if (got < 0) {
                                return -1;
                            }
                        } else {
                            got = cache.files().read(b.id(), inOff, buf, off + done, want);
                        }
                    } catch (FsException e) {
                        return -1; // the locked path reports a real error
                    }
                    if (t.blocks.peek(id) != b) {
                        return -1; // evicted, dropped or rewritten meanwhile
                    }
                    cache.touch(b.id());
                }
            }
            if (got < cnt) {
                java.util.Arrays.fill(buf, off + done + got, off + done + cnt, (byte) 0);
            }
            done += cnt;
        }
        return n;
    }

    /** Starts fetching the blocks after {@code end} that a sequential reader needs next. */
    private void prefetchAfter(long ino, long end) throws FsException {
        Inode i = t.inodes.peek(ino);
        int bs = content.blockSize();
        List<BlockRow> next = null;
        if (i != null) {
            long first = (end - 1) / bs + 1;
            long last = Math.min((i.size - 1) / bs, first + prefetchBlocks - 1);
            for (long idx = first; idx <= last; idx++) {
                Long id = t.blocks.peekMapped(ino, idx);
                BlockRow b = id == null ? null : id < 0 ? null : t.blocks.peek(id);
                if (id == null || (id >= 0 && b == null)) {
                    next = null;
                    break; // not all cached in memory: ask the tables
                }
                if (b != null && !b.cached()) {
                    if (next == null) {
                        next = new ArrayList<>();
                    }
                    next.add(b);
                } else if (idx == last && next == null) {
                    return; // everything ahead is cached
                }
            }
            if (next != null) {
                cache.prefetch(next);
                return;
            }
        }
        List<BlockRow> ahead = db.read(() -> {
            Inode cur = t.inodes.get(ino);
            return cur == null ? List.<BlockRow>of() : content.ahead(cur, end - 1, prefetchBlocks);
        });
        cache.prefetch(ahead);
    }

    private int slowRead(Handles.Handle h, long offset, byte[] buf, int bufOff, int len) throws FsException {
        return withFetch(() -> {
            Inode i = t.inodes.get(h.ino);
            if (i == null) {
                throw new FsException(Errno.EBADF, "the file is gone");
            }
            if (i.isDir()) {
                throw new FsException(Errno.EISDIR, "read of a directory");
            }
            return content.read(i, offset, buf, bufOff, len);
        });
    }

    @Override
    public int write(long fh, long offset, byte[] buf, int bufOff, int len) throws FsException {
        Handles.Handle h = handles.get(fh);
        if (!h.writable()) {
            throw new FsException(Errno.EBADF, "handle not open for writing");
        }
        if (offset < 0 || len < 0) {
            throw new FsException(Errno.EINVAL, "negative offset or length");
        }
        if (len == 0) {
            return 0;
        }
        if (offset + len > MAX_FILE_SIZE) {
            throw new FsException(Errno.EFBIG, "file too large");
        }
        long reserve = content.worstGrowth(len);
        cache.reserve(reserve);
        try {
            if (h.session) {
                int n;
                try {
                    n = fastWrite(h, offset, buf, bufOff, len);
                } catch (FsException e) {
                    if (e.errno() != Errno.ENOSPC || !deletionsPending()) {
                        throw e;
                    }
                    freeDeleted(); // files of deleted blocks go at the next commit: commit now, then the slow path
                    n = -1;
                }
                if (n >= 0) {
                    return n;
                }
            }
            return withFetch(() -> {
                Inode i = t.inodes.get(h.ino);
                if (i == null) {
                    throw new FsException(Errno.EBADF, "the file is gone");
                }
                long now = Clock.nowNs();
                boolean start = !h.session;
                if (start) {
                    keeper.beforeChange(i, now);
                } else {
                    i.vstate = 1;
                }
                long pos = h.append() ? i.size : offset;
                content.write(i, pos, buf, bufOff, len, now);
                i.mtime = i.ctime = now;
                t.inodes.put(i);
                if (start) {
                    db.afterCommit(() -> h.session = true);
                }
                return len;
            });
        } finally {
            cache.unreserve(reserve);
        }
    }

    /**
     * A write that only changes dirty blocks in place (the common case of a file being written):
     * the bytes go to the blocks' cache files and the new size, times and block lengths stay in
     * memory until the next call that uses the tables, the next group commit or an fsync.
     * Returns -1 when the transactional path must run (a new block, a block to copy, an
     * uncached row). Under the volume lock, so an upload cannot take a block half written.
     */
    private int fastWrite(Handles.Handle h, long offset, byte[] buf, int bufOff, int len) throws FsException {
        // a hint without the lock (the map is concurrent): a write whose first block is already
        // mapped is not "wholly in new blocks", so skip the extra pass through the lock (most
        // writes of a sequential writer land in the block the previous write made)
        Long firstMapped = h.append() ? null : t.blocks.peekMapped(h.ino, offset / content.blockSize());
        if (!h.append() && len >= UNLOCKED_WRITE_MIN && (firstMapped == null || firstMapped < 0)) {
            int n = newBlocksWrite(h, offset, buf, bufOff, len);
            if (n != NOT_NEW) {
                return n;
            }
        }
        java.util.concurrent.locks.ReentrantLock lock = db.lock();
        lock.lock();
        try {
            Inode cur = t.inodes.peek(h.ino);
            if (cur == null || cur.type != FileType.REGULAR) {
                return -1;
            }
            long pos = h.append() ? cur.size : offset;
            if (pos + len > MAX_FILE_SIZE) {
                return -1;
            }
            int bs = content.blockSize();
            long first = pos / bs;
            long last = (pos + len - 1) / bs;
            if (last - first >= 16) {
                return -1;
            }
            for (long idx = first; idx <= last; idx++) {
                Long id = t.blocks.peekMapped(h.ino, idx);
                if (id == null || id < 0) {
                    // no block mapped yet: a new one is made here when the index lies wholly beyond
                    // the end of the file (no block is ever mapped there: truncate unmaps them)
                    if ((id == null || id == org.qsfs.engine.volume.Blocks.HOLE) && idx * (long) bs >= cur.size) {
                        continue;
                    }
                    return -1;
                }
                BlockRow b = t.blocks.peek(id);
                if (b == null || !b.mutable() || !b.cached()) {
                    return -1;
                }
            }
            long now = Clock.nowNs();
            Inode n = cur.copy();
            List<Long> made = null;
            boolean ok = false;
            try {
            for (long idx = first; idx <= last; idx++) {
                long bStart = idx * bs;
                int inOff = (int) Math.max(0, pos - bStart);
                int end = (int) Math.min(bs, pos + len - bStart);
                int src = bufOff + (int) (bStart + inOff - pos);
                Long mapped = t.blocks.peekMapped(h.ino, idx);
                if (mapped == null || mapped < 0) {
                    // a new block: its file first (made ahead, usually), then the row, in memory
                    // until the next write-back; no transaction
                    long id = t.blocks.takeId();
                    try {
                        cache.files().write(id, inOff, buf, src, end - inOff);
                    } catch (FsException e) {
                        cache.files().delete(id);
                        throw e;
                    }
                    t.blocks.createLater(id, h.ino, idx, end, now);
                    cache.limit().charge(end);
                    if (made == null) {
                        made = new ArrayList<>();
                    }
                    made.add(id);
                    n.alloc += end;
                    continue;
                }
                BlockRow b = t.blocks.peek(mapped);
                cache.files().write(b.id(), inOff, buf, src, end - inOff);
                if (end > b.len()) {
                    cache.limit().charge(end - b.len());
                    n.alloc += end - b.len();
                }
                t.blocks.writtenLater(b, Math.max(end, b.len()), now);
            }
            if (pos + len > n.size) {
                n.size = pos + len;
            }
            n.mtime = n.ctime = now;
            n.vstate = 1;
            t.inodes.putLater(n);
            ok = true;
            return len;
            } finally {
                if (!ok && made != null) {
                    // a later block failed (a full disk): the blocks made here go again, so no block
                    // is left mapped beyond the end of the file
                    for (long id : made) {
                        int l = t.blocks.dropLater(id);
                        cache.files().delete(id);
                        cache.limit().charge(-l);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private static final int NOT_NEW = -2;
    /**
     * Writes from this size on make their new blocks without the lock; a smaller write's pwrite
     * costs less than taking the lock a second time (4 KiB into a new small file: one lock).
     */
    static final int UNLOCKED_WRITE_MIN = 64 * 1024;

    /**
     * A write wholly beyond the end of the file, into indexes with no block (appends, a
     * sequential write): the new blocks' files are written without the volume lock, so the
     * other writers and readers do not wait behind a 1 MiB pwrite. Under the lock, briefly, the
     * indexes are claimed ({@link org.qsfs.engine.volume.Blocks#claim}) and ids taken; the files
     * are written (nobody else knows these ids: no reader, upload, truncate or copy can see
     * them); under the lock again the claims are checked (nothing mapped those indexes
     * meanwhile: a transactional write, a restore, a truncate that unmapped) and the blocks,
     * the size and the times are published as on the locked path. A claim spoiled, or the file
     * gone, drops the files and returns -1 (the transactional path redoes the write). Writes
     * that finish out of order each publish their own blocks: the size only grows to the
     * furthest end. A crash before publishing leaves only orphan files (no row names them).
     * Returns {@link #NOT_NEW} when the write is not of this kind (the locked fast path then runs).
     */
    private int newBlocksWrite(Handles.Handle h, long offset, byte[] buf, int bufOff, int len) throws FsException {
        int bs = content.blockSize();
        long first = offset / bs;
        long last = (offset + len - 1) / bs;
        if (last - first >= 16 || offset + len > MAX_FILE_SIZE) {
            return NOT_NEW;
        }
        int count = (int) (last - first + 1);
        long[] ids = new long[count];
        int claimed = 0;
        java.util.concurrent.locks.ReentrantLock lock = db.lock();
        lock.lock();
        try {
            Inode cur = t.inodes.peek(h.ino);
            if (cur == null || cur.type != FileType.REGULAR) {
                return NOT_NEW;
            }
            for (long idx = first; idx <= last; idx++) {
                Long id = t.blocks.peekMapped(h.ino, idx);
                // no block is ever mapped wholly beyond the end of a file (truncate unmaps them)
                if ((id != null && id != org.qsfs.engine.volume.Blocks.HOLE) || idx * (long) bs < cur.size) {
                    return NOT_NEW;
                }
            }
            for (; claimed < count; claimed++) {
                if (!t.blocks.claim(h.ino, first + claimed)) {
                    break; // another write is making that block: the locked path
                }
            }
            if (claimed < count) {
                for (int k = 0; k < claimed; k++) {
                    t.blocks.release(h.ino, first + k);
                }
                return NOT_NEW;
            }
            for (int k = 0; k < count; k++) {
                ids[k] = t.blocks.takeId();
            }
        } finally {
            lock.unlock();
        }
        boolean published = false;
        boolean released = false;
        try {
            for (int k = 0; k < count; k++) {
                long bStart = (first + k) * bs;
                int inOff = (int) Math.max(0, offset - bStart);
                int end = (int) Math.min(bs, offset + len - bStart);
                cache.files().write(ids[k], inOff, buf, bufOff + (int) (bStart + inOff - offset), end - inOff);
            }
            lock.lock();
            try {
                boolean valid = true;
                for (int k = 0; k < count; k++) {
                    valid &= t.blocks.release(h.ino, first + k);
                }
                released = true;
                Inode cur = t.inodes.peek(h.ino);
                if (!valid || cur == null || cur.type != FileType.REGULAR) {
                    return -1; // something changed those indexes meanwhile: the transactional path
                }
                long now = Clock.nowNs();
                Inode n = cur.copy();
                for (int k = 0; k < count; k++) {
                    long bStart = (first + k) * bs;
                    int end = (int) Math.min(bs, offset + len - bStart);
                    t.blocks.createLater(ids[k], h.ino, first + k, end, now);
                    cache.limit().charge(end);
                    n.alloc += end;
                }
                if (offset + len > n.size) {
                    n.size = offset + len;
                }
                n.mtime = n.ctime = now;
                n.vstate = 1;
                t.inodes.putLater(n);
                published = true;
                return len;
            } finally {
                lock.unlock();
            }
        } finally {
            if (!released) {
                lock.lock();
                try {
                    for (int k = 0; k < count; k++) {
                        t.blocks.release(h.ino, first + k);
                    }
                } finally {
                    lock.unlock();
                }
            }
            if (!published) {
                for (long id : ids) {
                    cache.files().delete(id); // ids are never reused: no block names these files
                }
            }
        }
    }

    /**
     * close(2) of a descriptor: commits nothing. POSIX promises durability at fsync only, and
     * the group commit (every second) bounds what a kill of the process loses of the rest; a
     * commit per close halved the rate of small files written and closed (3.2k -> 6.5-14k/s).
     */
    @Override
    public void flush(long fh) throws FsException {
        handles.get(fh);
    }

    @Override
    public void fsync(long fh, boolean dataOnly) throws FsException {
        Handles.Handle h = handles.get(fh);
        cache.files().force();
        db.syncCommit();
        Durability d = durability;
        if (d != null) {
            d.awaitSafe(h.ino);
        }
    }

    /** fsync of the whole volume (syncfs). */
    public void sync() throws FsException {
        cache.files().force();
        db.syncCommit();
    }

    @Override
    public void release(long fh) throws FsException {
        Handles.Handle h = handles.get(fh);
        if (handles.close(fh, h)) {
            java.util.concurrent.locks.ReentrantLock lock = db.lock();
            lock.lock();
            try {
                Inode cached = t.inodes.peek(h.ino);
                if (cached != null && cached.nlink > 0) {
                    return; // still named: nothing to clean up (checked under the lock against unlink)
                }
            } finally {
                lock.unlock();
            }
            withFetch(() -> {
                Inode i = t.inodes.get(h.ino);
                if (i != null && i.nlink == 0 && !handles.isOpen(h.ino)) {
                    if (i.isDir()) {
                        t.inodes.delete(i.ino);
                    } else {
                        tree.purge(i, Clock.nowNs());
                    }
                }
                return null;
            });
        }
    }

    @Override
    public void fallocate(long fh, int mode, long offset, long length) throws FsException {
        Handles.Handle h = handles.get(fh);
        if (!h.writable()) {
            throw new FsException(Errno.EBADF, "handle not open for writing");
        }
        if (offset < 0 || length <= 0) {
            throw new FsException(Errno.EINVAL, "bad range");
        }
        boolean keepSize = (mode & OpenFlags.FALLOC_FL_KEEP_SIZE) != 0;
        boolean punch = (mode & OpenFlags.FALLOC_FL_PUNCH_HOLE) != 0;
        if ((mode & ~(OpenFlags.FALLOC_FL_KEEP_SIZE | OpenFlags.FALLOC_FL_PUNCH_HOLE)) != 0 || (punch && !keepSize)) {
            throw new FsException(Errno.ENOTSUP, "fallocate mode " + mode + " is not supported");
        }
        if (offset + length > MAX_FILE_SIZE) {
            throw new FsException(Errno.EFBIG, "file too large");
        }
        long reserve = punch ? 2L * content.blockSize() : 0;
        if (reserve > 0) {
            cache.reserve(reserve);
        }
        try {
            withFetch(() -> {
                Inode i = t.inodes.get(h.ino);
                long now = Clock.nowNs();
                if (punch) {
                    if (!h.session) {
                        keeper.beforeChange(i, now);
                        db.afterCommit(() -> h.session = true);
                    }
                    content.punchHole(i, offset, length, now);
                    i.mtime = i.ctime = now;
                    t.inodes.put(i);
                } else if (!keepSize && offset + length > i.size) {
                    // space is not reserved ahead in a cache; the size is what callers rely on
                    i.size = offset + length;
                    i.mtime = i.ctime = now;
                    i.vstate = 1;
                    t.inodes.put(i);
                }
                return null;
            });
        } finally {
            if (reserve > 0) {
                cache.unreserve(reserve);
            }
        }
    }

    // ---- extended attributes ----

    @Override
    public byte[] getxattr(Caller c, long ino, String name) throws FsException {
        byte[] n = XattrNames.checked(name);
        Inode cached = t.inodes.peek(ino);
        if (cached != null && cached.nlink > 0 && !t.xattrs.mayHave(ino)) {
            // none: answered without the volume lock (the kernel asks each file before its first write)
            XattrNames.checkAccess(c, cached, name, false);
            throw new FsException(Errno.ENODATA, "no attribute " + name);
        }
        return db.read(() -> {
            Inode i = tree.inode(ino);
            XattrNames.checkAccess(c, i, name, false);
            byte[] v = t.xattrs.get(ino, n);
            if (v == null) {
                throw new FsException(Errno.ENODATA, "no attribute " + name);
            }
            return v;
        });
    }

    @Override
    public void setxattr(Caller c, long ino, String name, byte[] value, int flags) throws FsException {
        byte[] n = XattrNames.checked(name);
        if (value.length > XattrNames.MAX_VALUE) {
            throw new FsException(Errno.ERANGE, "an attribute value is at most 64 KiB");
        }
        db.run(() -> {
            Inode i = tree.inode(ino);
            XattrNames.checkAccess(c, i, name, true);
            boolean exists = t.xattrs.get(ino, n) != null;
            if ((flags & OpenFlags.XATTR_CREATE) != 0 && exists) {
                throw new FsException(Errno.EEXIST, "attribute exists: " + name);
            }
            if ((flags & OpenFlags.XATTR_REPLACE) != 0 && !exists) {
                throw new FsException(Errno.ENODATA, "no attribute " + name);
            }
            t.xattrs.put(ino, n, value.clone());
            i.ctime = Clock.nowNs();
            t.inodes.put(i);
            return null;
        });
    }

    @Override
    public List<String> listxattr(Caller c, long ino) throws FsException {
        return db.read(() -> {
            tree.inode(ino);
            List<String> out = new ArrayList<>();
            for (byte[] n : t.xattrs.names(ino)) {
                String s = new String(n, StandardCharsets.UTF_8);
                if (XattrNames.listable(c, s)) {
                    out.add(s);
                }
            }
            return out;
        });
    }

    @Override
    public void removexattr(Caller c, long ino, String name) throws FsException {
        byte[] n = XattrNames.checked(name);
        db.run(() -> {
            Inode i = tree.inode(ino);
            XattrNames.checkAccess(c, i, name, true);
            if (!t.xattrs.remove(ino, n)) {
                throw new FsException(Errno.ENODATA, "no attribute " + name);
            }
            i.ctime = Clock.nowNs();
            t.inodes.put(i);
            return null;
        });
    }

    static String show(byte[] name) {
        return "'" + new String(name, StandardCharsets.UTF_8) + "'";
    }
}
