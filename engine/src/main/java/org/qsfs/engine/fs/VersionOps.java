package org.qsfs.engine.fs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qsfs.engine.cache.BlockCache;
import org.qsfs.engine.volume.BlockRow;
import org.qsfs.engine.volume.Db;
import org.qsfs.engine.volume.Dirents;
import org.qsfs.engine.volume.Inode;
import org.qsfs.engine.volume.Tables;
import org.qsfs.engine.volume.VersionRow;

/**
 * Kept versions: the history of a path, bringing a version back, and a read-only view of
 * the whole tree at a past time (for the mount's {@code .snapshots/}).
 */
public final class VersionOps {
    /**
     * One entry of a history: a kept version, or the current content ({@code current}).
     *
     * @param kind why it was kept: overwritten, deleted, replaced, restored; "current" for the live file
     */
    public record FileVersion(long ino, long version, String kind, long size, long mtimeNs, long savedNs,
                              boolean current) {
    }

    private final Tables t;
    private final Db db;
    private final VolumeFileSystem fs;
    private final BlockCache cache;

    VersionOps(Tables t, VolumeFileSystem fs, BlockCache cache) {
        this.t = t;
        this.db = t.db;
        this.fs = fs;
        this.cache = cache;
    }

    /** A transaction that first keeps the versions of files whose removal is still deferred. */
    private <T> T settled(Db.Body<T> body) throws FsException {
        return db.tx(() -> {
            fs.context().purgeRemoved();
            return body.run();
        });
    }

    /** Versions of whatever was at {@code path}, oldest first, and the current file last. */
    public List<FileVersion> history(Caller c, String path) throws FsException {
        FsPaths.Parent p = new FsPaths(fs).parent(c, path);
        return settled(() -> {
            Map<String, VersionRow> rows = new LinkedHashMap<>();
            for (VersionRow v : t.versions.atName(p.dir(), p.name())) {
                rows.put(v.ino() + "/" + v.ver(), v);
            }
            Dirents.Entry e = t.dirents.get(p.dir(), p.name());
            Inode cur = e == null ? null : t.inodes.get(e.ino());
            if (cur != null) {
                for (VersionRow v : t.versions.ofInode(cur.ino)) {
                    rows.put(v.ino() + "/" + v.ver(), v);
                }
            }
            List<FileVersion> out = new ArrayList<>();
            rows.values().stream().sorted((a, b) -> Long.compare(a.savedNs(), b.savedNs())).forEach(v -> out.add(
                    new FileVersion(v.ino(), v.ver(), v.kindName(), v.size(), v.mtimeNs(), v.savedNs(), false)));
            if (cur != null) {
                out.add(new FileVersion(cur.ino, 0, "current", cur.size, cur.mtime, cur.ctime, true));
            }
            return out;
        });
    }

    /**
     * Makes version {@code ver} of inode {@code ino} the content of {@code path} again, as a new
     * file put in place of the current one (as an editor saves: write a new file, rename it over
     * the old). The content it replaces is kept as a version; a deleted file is created again.
     * A new inode rather than new content in the old one: a mount's kernel keeps an open file's
     * size and pages (the writeback cache trusts its own size), so the old inode would show the
     * old size to anyone who has it open; open handles keep reading what they opened.
     */
    public Attr restoreVersion(Caller c, String path, long ino, long ver) throws FsException {
        FsPaths.Parent p = new FsPaths(fs).parent(c, path);
        return settled(() -> {
            VersionRow v = t.versions.get(ino, ver);
            if (v == null) {
                throw new FsException(Errno.ENOENT, "no version " + ver + " of inode " + ino);
            }
            if (v.type() != FileType.REGULAR) {
                throw new FsException(Errno.ENOTSUP, "only regular files are restored");
            }
            long now = Clock.nowNs();
            Dirents.Entry e = t.dirents.get(p.dir(), p.name());
            Inode dir = t.inodes.get(p.dir());
            Inode replaced = null;
            if (e != null) {
                replaced = t.inodes.get(e.ino());
                if (replaced.type != FileType.REGULAR) {
                    throw new FsException(Errno.EEXIST, "a non-file is at " + path);
                }
                Permissions.check(c, replaced, OpenFlags.W_OK);
                t.dirents.remove(e, now);
            } else {
                Permissions.check(c, dir, OpenFlags.W_OK | OpenFlags.X_OK);
            }
            Inode target = new Inode();
            target.ino = t.counters.next(org.qsfs.engine.volume.Counters.INO);
            target.type = FileType.REGULAR;
            target.nlink = 1;
            target.uid = v.uid();
            target.gid = v.gid();
            target.btime = now;
            t.inodes.put(target);
            t.dirents.add(p.dir(), p.name(), target.ino, now);
            dir.mtime = dir.ctime = now;
            t.inodes.put(dir);
            if (replaced != null) {
                // kept as a version (retention permitting); purged unless open, then when released
                fs.context().tree.dropLink(replaced, p.dir(), p.name(), VersionRow.OVERWRITTEN, now);
            }
            long alloc = 0;
            for (long[] m : t.blocks.versionMap(ino, ver)) {
                BlockRow b = t.blocks.get(m[1]);
                t.blocks.map(target.ino, m[0], b);
                alloc += b.len();
            }
            target.perm = v.perm();
            target.size = v.size();
            target.alloc = alloc;
            target.mtime = v.mtimeNs();
            target.ctime = now;
            target.atime = now;
            target.vstate = 0;
            t.inodes.put(target);
            return target.attr();
        });
    }

    /** A read-only view of the tree as it was at {@code timeNs}. */
    public TreeView at(long timeNs) {
        return new TreeView(timeNs);
    }

    /** The tree at a past time; inode numbers are those of the live tree. */
    public final class TreeView {
        private final long time;

        TreeView(long time) {
            this.time = time;
        }

        public long time() {
            return time;
        }

        public List<DirEntry> readdir(long dir) throws FsException {
            return settled(() -> {
                List<DirEntry> out = new ArrayList<>();
                for (Dirents.Entry e : t.dirents.listAt(dir, time)) {
                    Attr a = attrOf(e.ino());
                    if (a != null) {
                        out.add(new DirEntry(e.name(), e.ino(), a.type(), out.size() + 1));
                    }
                }
                return out;
            });
        }

        public Attr lookup(long dir, byte[] name) throws FsException {
            return settled(() -> {
                for (Dirents.Entry e : t.dirents.listAt(dir, time)) {
                    if (Arrays.equals(e.name(), name)) {
                        Attr a = attrOf(e.ino());
                        if (a != null) {
                            return a;
                        }
                    }
                }
                throw new FsException(Errno.ENOENT, "no entry at that time");
            });
        }

        public Attr getattr(long ino) throws FsException {
            Attr a = settled(() -> attrOf(ino));
            if (a == null) {
                throw new FsException(Errno.ENOENT, "no inode " + ino + " at that time");
            }
            return a;
        }

        /** Attributes at the view's time: from the version that was current then, or the live inode. */
        private Attr attrOf(long ino) throws java.sql.SQLException {
            VersionRow v = t.versions.firstSavedAfter(ino, time);
            if (v != null) {
                return new Attr(ino, v.type(), v.perm() & 0555, 1, v.uid(), v.gid(), v.size(), (v.size() + 511) / 512,
                        0, v.mtimeNs(), v.mtimeNs(), v.mtimeNs(), v.mtimeNs());
            }
            Inode i = t.inodes.get(ino);
            if (i == null) {
                return null;
            }
            Attr a = i.attr();
            return new Attr(a.ino(), a.type(), a.perm() & 07555, a.nlink(), a.uid(), a.gid(), a.size(), a.blocks(),
                    a.rdev(), a.atimeNs(), a.mtimeNs(), a.ctimeNs(), a.btimeNs());
        }

        public byte[] readlink(long ino) throws FsException {
            return settled(() -> {
                VersionRow v = t.versions.firstSavedAfter(ino, time);
                if (v != null && v.target() != null) {
                    return v.target();
                }
                Inode i = t.inodes.get(ino);
                if (i == null || i.target == null) {
                    throw new FsException(Errno.EINVAL, "not a symlink");
                }
                return i.target;
            });
        }

        public int read(long ino, long offset, byte[] buf, int off, int len) throws FsException {
            while (true) {
                try {
                    return settled(() -> {
                        VersionRow v = t.versions.firstSavedAfter(ino, time);
                        if (v == null) {
                            Inode i = t.inodes.get(ino);
                            if (i == null) {
                                throw new FsException(Errno.ENOENT, "no inode " + ino);
                            }
                            return fs.content().read(i, offset, buf, off, len);
                        }
                        return readVersion(v, offset, buf, off, len);
                    });
                } catch (BlockCache.NeedFetch nf) {
                    cache.resolve(nf);
                }
            }
        }
    }

    /** Reads bytes of a kept version, inside a transaction. */
    private int readVersion(VersionRow v, long pos, byte[] buf, int off, int len) throws java.sql.SQLException,
            FsException {
        if (pos >= v.size() || len == 0) {
            return 0;
        }
        int bs = fs.blockSize();
        int n = (int) Math.min(len, v.size() - pos);
        int done = 0;
        while (done < n) {
            long p = pos + done;
            long idx = p / bs;
            int inOff = (int) (p - idx * bs);
            int cnt = Math.min(n - done, bs - inOff);
            long id = t.blocks.versionMapped(v.ino(), v.ver(), idx);
            int got = 0;
            if (id >= 0) {
                BlockRow b = t.blocks.get(id);
                if (inOff < b.len()) {
                    got = cache.read(b, inOff, buf, off + done, Math.min(cnt, b.len() - inOff));
                }
            }
            Arrays.fill(buf, off + done + got, off + done + cnt, (byte) 0);
            done += cnt;
        }
        return n;
    }

    /** Reads a version's bytes (for "qsfs history --show" and tests). */
    public int readVersion(long ino, long ver, long offset, byte[] buf, int off, int len) throws FsException {
        while (true) {
            try {
                return settled(() -> {
                    VersionRow v = t.versions.get(ino, ver);
                    if (v == null) {
                        throw new FsException(Errno.ENOENT, "no version " + ver + " of inode " + ino);
                    }
                    return readVersion(v, offset, buf, off, len);
                });
            } catch (BlockCache.NeedFetch nf) {
                cache.resolve(nf);
            }
        }
    }
}
