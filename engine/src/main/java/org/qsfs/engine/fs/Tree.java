package org.qsfs.engine.fs;

import java.sql.SQLException;
import org.qsfs.engine.volume.Dirents;
import org.qsfs.engine.volume.Inode;
import org.qsfs.engine.volume.Tables;
import org.qsfs.engine.volume.VersionKeeper;
import org.qsfs.engine.volume.VersionRow;

/**
 * Changes to the directory tree: creating inodes and entries, removing links, renaming.
 * Runs inside a volume transaction; checks come first, so a refused call changes nothing.
 */
final class Tree {
    private final Tables t;
    private final Handles handles;
    private final VersionKeeper keeper;
    private final FileContent content;
    private final DeferredPurges purges;

    Tree(Tables t, Handles handles, VersionKeeper keeper, FileContent content, DeferredPurges purges) {
        this.t = t;
        this.handles = handles;
        this.keeper = keeper;
        this.content = content;
        this.purges = purges;
    }

    Inode inode(long ino) throws SQLException, FsException {
        Inode i = t.inodes.get(ino);
        if (i == null || (i.nlink == 0 && !handles.isOpen(ino))) {
            throw new FsException(Errno.ENOENT, "no inode " + ino);
        }
        return i;
    }

    Inode dir(long ino) throws SQLException, FsException {
        Inode d = inode(ino);
        if (!d.isDir()) {
            throw new FsException(Errno.ENOTDIR, "inode " + ino + " is not a directory");
        }
        if (d.nlink == 0) {
            throw new FsException(Errno.ENOENT, "directory " + ino + " was removed");
        }
        return d;
    }

    /** The inode named {@code name} in {@code dir} ("." and ".." included); null when absent. */
    Inode child(Inode dir, byte[] name) throws SQLException, FsException {
        if (Names.isDot(name)) {
            return dir;
        }
        if (Names.isDotDot(name)) {
            Dirents.Entry up = t.dirents.parentOf(dir.ino);
            return up == null ? dir : inode(up.parent());
        }
        Dirents.Entry e = t.dirents.get(dir.ino, name);
        return e == null ? null : t.inodes.get(e.ino());
    }

    /** Creates an inode and its entry in {@code parent} (checked writable by the caller). */
    Inode create(Caller c, Inode parent, byte[] name, FileType type, int perm, long rdev, byte[] target, long now)
            throws SQLException, FsException {
        if (t.dirents.get(parent.ino, name) != null) {
            throw new FsException(Errno.EEXIST, "the name exists");
        }
        return createAbsent(c, parent, name, type, perm, rdev, target, now);
    }

    /** {@link #create} when the caller has just looked {@code name} up in this call and found nothing. */
    Inode createAbsent(Caller c, Inode parent, byte[] name, FileType type, int perm, long rdev, byte[] target,
            long now) throws SQLException, FsException {
        Names.checkNew(name);
        Inode i = new Inode();
        i.ino = t.counters.next(org.qsfs.engine.volume.Counters.INO);
        i.type = type;
        i.perm = perm & 07777;
        i.uid = c.uid();
        // BSD/setgid-directory rule: a new inode in a setgid directory takes its group
        boolean sgidDir = (parent.perm & Permissions.S_ISGID) != 0;
        i.gid = sgidDir ? parent.gid : c.gid();
        if (sgidDir && type == FileType.DIRECTORY) {
            i.perm |= Permissions.S_ISGID;
        }
        i.nlink = type == FileType.DIRECTORY ? 2 : 1;
        i.rdev = rdev;
        i.target = target;
        i.size = target == null ? 0 : target.length;
        i.atime = i.mtime = i.ctime = i.btime = now;
        t.inodes.put(i);
        t.dirents.add(parent.ino, name, i.ino, now);
        if (type == FileType.DIRECTORY) {
            t.dirents.madeDirectory(i.ino);
            parent.nlink++;
        }
        parent.mtime = parent.ctime = now;
        t.inodes.putLater(parent); // a directory filled by many creates is written once per commit
        return i;
    }

    /** Removes the entry of a non-directory (unlink, or the target of a rename). */
    void removeLink(Caller c, Inode parent, Dirents.Entry e, Inode victim, int kind, long now)
            throws SQLException, FsException {
        t.dirents.remove(e, now);
        parent.mtime = parent.ctime = now;
        t.inodes.putLater(parent);
        dropLink(victim, parent.ino, e.name(), kind, now);
    }

    /** One link of {@code i} is gone; the inode goes with its last link and last handle. */
    void dropLink(Inode i, long parent, byte[] name, int kind, long now) throws SQLException, FsException {
        i.nlink--;
        i.ctime = now;
        if (i.nlink > 0) {
            t.inodes.put(i);
            return;
        }
        boolean open = handles.isOpen(i.ino);
        if (!open && purges.enabled()) {
            // the version is kept and the inode purged later, with others in one batch
            i.vstate = (i.vstate & Inode.CHANGED) | Inode.REMOVAL_PENDING
                    | (kind == VersionRow.REPLACED ? Inode.REMOVED_BY_RENAME : 0);
            t.inodes.putLater(i);
            purges.add(new DeferredPurges.Removal(i.ino, parent, name, kind, now));
            return;
        }
        boolean moved = keeper.beforeDelete(i, parent, name, kind, now, !open);
        if (open) {
            t.inodes.put(i); // kept, nameless, until released
        } else {
            purge(i, now, moved);
        }
    }

    /**
     * Keeps the version of a file whose removal was deferred ({@link DeferredPurges}), saved as of
     * its removal, and purges it; an inode no longer waiting (purged already) is left alone.
     */
    void purgeRemoved(DeferredPurges.Removal r) throws SQLException, FsException {
        Inode i = t.inodes.get(r.ino());
        if (i == null || i.nlink != 0 || (i.vstate & Inode.REMOVAL_PENDING) == 0 || handles.isOpen(i.ino)) {
            return;
        }
        i.vstate &= Inode.CHANGED;
        boolean moved = keeper.beforeDelete(i, r.parent(), r.name(), r.kind(), r.at(), true);
        purge(i, r.at(), moved);
    }

    /** Deletes a nameless inode: its content map (kept versions keep their blocks) and attributes. */
    void purge(Inode i, long now) throws SQLException, FsException {
        purge(i, now, false);
    }

    /** {@code mapGone}: a kept version has taken the content map over already. */
    private void purge(Inode i, long now, boolean mapGone) throws SQLException, FsException {
        if (i.type == FileType.REGULAR && !mapGone) {
            content.truncate(i, 0, now);
        }
        t.xattrs.removeAll(i.ino);
        t.inodes.delete(i.ino);
    }

    /** Removes an empty directory's entry and inode. */
    void removeDir(Inode parent, Dirents.Entry e, Inode dir, long now) throws SQLException, FsException {
        if (!t.dirents.isEmpty(dir.ino)) {
            throw new FsException(Errno.ENOTEMPTY, "directory not empty");
        }
        t.dirents.remove(e, now);
        parent.nlink--;
        parent.mtime = parent.ctime = now;
        t.inodes.put(parent);
        dir.nlink = 0;
        dir.ctime = now;
        if (handles.isOpen(dir.ino)) {
            t.inodes.put(dir);
        } else {
            t.xattrs.removeAll(dir.ino);
            t.inodes.delete(dir.ino);
        }
    }

    void rename(Caller c, long parentIno, byte[] name, long newParentIno, byte[] newName, int flags, long now)
            throws SQLException, FsException {
        Names.check(name);
        Names.check(newName);
        if (Names.isDot(name) || Names.isDotDot(name) || Names.isDot(newName) || Names.isDotDot(newName)) {
            throw new FsException(Errno.EINVAL, "cannot rename '.' or '..'");
        }
        if ((flags & ~(OpenFlags.RENAME_NOREPLACE | OpenFlags.RENAME_EXCHANGE)) != 0
                || flags == (OpenFlags.RENAME_NOREPLACE | OpenFlags.RENAME_EXCHANGE)) {
            throw new FsException(Errno.EINVAL, "unknown rename flags " + flags);
        }
        Inode from = dir(parentIno);
        Inode to = parentIno == newParentIno ? from : dir(newParentIno);
        Permissions.check(c, from, OpenFlags.W_OK | OpenFlags.X_OK);
        Permissions.check(c, to, OpenFlags.W_OK | OpenFlags.X_OK);
        Dirents.Entry se = t.dirents.get(from.ino, name);
        if (se == null) {
            throw new FsException(Errno.ENOENT, "rename source does not exist");
        }
        Inode src = t.inodes.get(se.ino());
        Permissions.checkSticky(c, from, src);
        Dirents.Entry de = t.dirents.get(to.ino, newName);
        Inode dst = de == null ? null : t.inodes.get(de.ino());
        if (src.isDir() && isAncestorOrSelf(src.ino, to.ino)) {
            throw new FsException(Errno.EINVAL, "cannot move a directory into itself");
        }
        if ((flags & OpenFlags.RENAME_EXCHANGE) != 0) {
            if (dst == null) {
                throw new FsException(Errno.ENOENT, "exchange target does not exist");
            }
            if (dst.isDir() && isAncestorOrSelf(dst.ino, from.ino)) {
                throw new FsException(Errno.EINVAL, "cannot move a directory into itself");
            }
            Permissions.checkSticky(c, to, dst);
            exchange(from, se, src, to, de, dst, now);
            return;
        }
        if (dst != null) {
            if ((flags & OpenFlags.RENAME_NOREPLACE) != 0) {
                throw new FsException(Errno.EEXIST, "rename target exists");
            }
            if (dst.ino == src.ino) {
                return; // two links of one inode: POSIX says do nothing
            }
            Permissions.checkSticky(c, to, dst);
            if (src.isDir()) {
                if (!dst.isDir()) {
                    throw new FsException(Errno.ENOTDIR, "cannot replace a non-directory with a directory");
                }
                if (!t.dirents.isEmpty(dst.ino)) {
                    throw new FsException(Errno.ENOTEMPTY, "rename target directory is not empty");
                }
            } else if (dst.isDir()) {
                throw new FsException(Errno.EISDIR, "cannot replace a directory with a non-directory");
            }
        } else if (parentIno == newParentIno && java.util.Arrays.equals(name, newName)) {
            return;
        }
        if (src.isDir() && from.ino != to.ino && !Permissions.isOwner(c, src)) {
            // moving a directory rewrites its "..": needs write permission on it
            Permissions.check(c, src, OpenFlags.W_OK);
        }
        if (dst != null) {
            if (dst.isDir()) {
                removeDir(to, de, dst, now);
            } else {
                removeLink(c, to, de, dst, VersionRow.REPLACED, now);
            }
            to = t.inodes.get(to.ino);
            from = from.ino == to.ino ? to : t.inodes.get(from.ino);
        }
        t.dirents.remove(se, now);
        t.dirents.add(to.ino, newName, src.ino, now);
        if (src.isDir() && from.ino != to.ino) {
            from.nlink--;
            to.nlink++;
        }
        from.mtime = from.ctime = now;
        to.mtime = to.ctime = now;
        t.inodes.put(from);
        if (to != from) {
            t.inodes.put(to);
        }
        src = t.inodes.get(src.ino);
        src.ctime = now;
        t.inodes.put(src);
    }

    private void exchange(Inode from, Dirents.Entry se, Inode src, Inode to, Dirents.Entry de, Inode dst, long now)
            throws SQLException {
        t.dirents.remove(se, now);
        t.dirents.remove(de, now);
        t.dirents.add(from.ino, se.name(), dst.ino, now);
        t.dirents.add(to.ino, de.name(), src.ino, now);
        if (from.ino != to.ino && src.isDir() != dst.isDir()) {
            int d = src.isDir() ? 1 : -1;
            from.nlink -= d;
            to.nlink += d;
        }
        from.mtime = from.ctime = now;
        to.mtime = to.ctime = now;
        t.inodes.put(from);
        if (to != from) {
            t.inodes.put(to);
        }
        src.ctime = now;
        dst.ctime = now;
        t.inodes.put(src);
        t.inodes.put(dst);
    }

    /** Whether {@code ancestor} is {@code ino} or one of its parents. */
    private boolean isAncestorOrSelf(long ancestor, long ino) throws SQLException {
        long cur = ino;
        for (int depth = 0; depth < 100_000; depth++) {
            if (cur == ancestor) {
                return true;
            }
            Dirents.Entry up = t.dirents.parentOf(cur);
            if (up == null) {
                return false;
            }
            cur = up.parent();
        }
        return false;
    }
}
