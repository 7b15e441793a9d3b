package org.qsfs.engine.fs;

import org.qsfs.engine.volume.Dirents;
import org.qsfs.engine.volume.Inode;
import org.qsfs.engine.volume.VersionRow;

/**
 * Open file handles: open and create (O_TRUNC starts a writing session), flush, fsync and
 * release, which purges a file that lost its last name while open.
 */
final class HandleOps {
    private final FsContext ctx;
    private volatile VolumeFileSystem.Durability durability;

    HandleOps(FsContext ctx) {
        this.ctx = ctx;
    }

    void setDurability(VolumeFileSystem.Durability d) {
        this.durability = d;
    }

    long open(Caller c, long ino, int flags) throws FsException {
        boolean truncated = ctx.withFetch(() -> {
            Inode i = ctx.tree.inode(ino);
            return openChecks(c, i, flags);
        });
        long fh = ctx.handles.open(ino, flags);
        if (truncated) {
            ctx.handles.get(fh).session = true;
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
            ctx.keeper.beforeChange(i, now);
            ctx.content.truncate(i, 0, now);
            i.mtime = i.ctime = now;
            ctx.t.inodes.put(i);
            return true;
        }
        return false;
    }

    FsOperations.Created create(Caller c, long parent, byte[] name, int perm, int flags) throws FsException {
        Names.check(name);
        Object[] r = ctx.withFetch(() -> {
            Inode d = ctx.tree.dir(parent);
            Permissions.check(c, d, OpenFlags.X_OK);
            Inode existing = ctx.tree.child(d, name);
            if (existing != null) {
                if ((flags & OpenFlags.O_EXCL) != 0) {
                    throw new FsException(Errno.EEXIST, "the file exists");
                }
                boolean session = openChecks(c, existing, flags);
                return new Object[] {existing.attr(), session};
            }
            Permissions.check(c, d, OpenFlags.W_OK);
            Inode i = ctx.tree.createAbsent(c, d, name, FileType.REGULAR, perm, 0, null, Clock.nowNs());
            // a new, empty file: its writing session starts now (there is nothing to keep as a
            // version), so even its first write can take the fast path
            return new Object[] {i.attr(), OpenFlags.writable(flags)};
        });
        Attr attr = (Attr) r[0];
        long fh = ctx.handles.open(attr.ino(), flags);
        if ((Boolean) r[1]) {
            ctx.handles.get(fh).session = true; // truncated by O_TRUNC, or created here
        }
        return new FsOperations.Created(attr, fh);
    }

    /**
     * close(2) of a descriptor: commits nothing. POSIX promises durability at fsync only, and
     * the group commit (every second) bounds what a kill of the process loses of the rest; a
     * commit per close halved the rate of small files written and closed (3.2k -> 6.5-14k/s).
     */
    void flush(long fh) throws FsException {
        ctx.handles.get(fh);
    }

    void fsync(long fh, boolean dataOnly) throws FsException {
        Handles.Handle h = ctx.handles.get(fh);
        ctx.cache.files().force();
        ctx.db.syncCommit();
        VolumeFileSystem.Durability d = durability;
        if (d != null) {
            d.awaitSafe(h.ino);
        }
    }

    /** fsync of the whole volume (syncfs). */
    void sync() throws FsException {
        ctx.cache.files().force();
        ctx.db.syncCommit();
    }

    void release(long fh) throws FsException {
        Handles.Handle h = ctx.handles.get(fh);
        if (ctx.handles.close(fh, h)) {
            java.util.concurrent.locks.ReentrantLock lock = ctx.db.lock();
            lock.lock();
            try {
                Inode cached = ctx.t.inodes.peek(h.ino);
                if (cached != null && cached.nlink > 0) {
                    return; // still named: nothing to clean up (checked under the lock against unlink)
                }
            } finally {
                lock.unlock();
            }
            ctx.withFetch(() -> {
                Inode i = ctx.t.inodes.get(h.ino);
                if (i != null && i.nlink == 0 && !ctx.handles.isOpen(h.ino)) {
                    if (i.isDir()) {
                        ctx.t.inodes.delete(i.ino);
                    } else {
                        ctx.tree.purge(i, Clock.nowNs());
                    }
                }
                return null;
            });
        }
    }

    /**
     * Finishes what a stop interrupted: deletes inodes that lost their last name while open, and
     * keeps the versions of removed files whose purge was still deferred, then purges them.
     */
    int purgeOrphans() throws FsException {
        return ctx.db.tx(() -> {
            int n = 0;
            java.util.Map<Long, Dirents.Removed> lastNames = null;
            for (long ino : ctx.t.inodes.orphans()) {
                Inode i = ctx.t.inodes.get(ino);
                if (i.isDir()) {
                    ctx.t.inodes.delete(ino);
                } else if ((i.vstate & Inode.REMOVAL_PENDING) != 0) {
                    if (lastNames == null) {
                        lastNames = ctx.t.dirents.lastRemovalsOfNameless();
                    }
                    Dirents.Removed h = lastNames.get(ino);
                    int kind = (i.vstate & Inode.REMOVED_BY_RENAME) != 0 ? VersionRow.REPLACED : VersionRow.DELETED;
                    ctx.tree.purgeRemoved(h == null
                            ? new DeferredPurges.Removal(ino, 0, new byte[0], kind, i.ctime)
                            : new DeferredPurges.Removal(ino, h.parent(), h.name(), kind, h.removed()));
                } else {
                    ctx.tree.purge(i, Clock.nowNs());
                }
                n++;
            }
            return n;
        });
    }
}
