package org.qsfs.engine.volume;

import java.sql.SQLException;
import java.util.List;
import org.qsfs.engine.fs.FileType;

/**
 * Decides when a file's content is kept as a version: once at the start of each writing
 * session (the first change through a handle, or a truncate) when the content changed
 * since the last kept version, and when the file is deleted or replaced. Applies the
 * per-file limit of the {@link Retention} as it goes.
 */
public final class VersionKeeper {
    private final Tables t;
    private final Retention retention;

    public VersionKeeper(Tables t, Retention retention) {
        this.t = t;
        this.retention = retention;
    }

    public Retention retention() {
        return retention;
    }

    /** Before the content of {@code i} changes in a new session. Marks it changed. */
    public void beforeChange(Inode i, long now) throws SQLException {
        if (retention.enabled() && i.type == FileType.REGULAR && (i.vstate & Inode.CHANGED) != 0 && i.size > 0) {
            Dirents.Entry e = t.dirents.parentOf(i.ino);
            keep(i, e == null ? 0 : e.parent(), e == null ? new byte[0] : e.name(), VersionRow.OVERWRITTEN, now,
                    false);
        }
        i.vstate = Inode.CHANGED;
    }

    /**
     * Before the last name of {@code i} goes ({@code kind}: deleted or replaced). With
     * {@code purging} (the inode goes right after: no handle holds it) a kept version takes the
     * file's map over instead of sharing it. Returns whether it did: the file's map is empty then.
     */
    public boolean beforeDelete(Inode i, long parent, byte[] name, int kind, long now, boolean purging)
            throws SQLException {
        if (!retention.enabled() || (i.type != FileType.REGULAR && i.type != FileType.SYMLINK)) {
            return false;
        }
        long last = t.versions.lastVersion(i.ino); // 0: none kept yet
        boolean changed = (i.vstate & Inode.CHANGED) != 0 || last == 0;
        if (changed && (i.size > 0 || i.type == FileType.SYMLINK)) {
            keep(i, last + 1, parent, name, kind, now, purging);
            return purging;
        } else if (last > 0) {
            // the content is the last kept version: record that it was deleted, with where it was
            VersionRow v = t.versions.get(i.ino, last);
            t.versions.put(new VersionRow(v.ino(), last + 1, parent, name, i.type, i.perm, i.uid, i.gid,
                    i.size, i.mtime, now, kind, i.target));
            t.blocks.mapToVersion(i.ino, last + 1, purging);
            return purging;
        }
        return false;
    }

    private void keep(Inode i, long parent, byte[] name, int kind, long now, boolean move) throws SQLException {
        keep(i, t.versions.lastVersion(i.ino) + 1, parent, name, kind, now, move);
    }

    private void keep(Inode i, long ver, long parent, byte[] name, int kind, long now, boolean move)
            throws SQLException {
        t.versions.keep(i, ver, parent, name, kind, now, move);
        i.vstate = 0;
        int max = retention.maxVersionsPerFile();
        if (max > 0) {
            List<VersionRow> all = t.versions.ofInode(i.ino);
            for (int k = 0; k < all.size() - max; k++) {
                t.versions.delete(i.ino, all.get(k).ver());
            }
        }
    }

    /** Drops versions older than the retention's age; returns how many. */
    public int pruneByAge(long now) throws SQLException {
        if (retention.maxAge() == null) {
            return 0;
        }
        long cutoff = now - retention.maxAge().toNanos();
        int n = 0;
        for (VersionRow v : t.versions.savedBefore(cutoff, 1000)) {
            t.versions.delete(v.ino(), v.ver());
            n++;
        }
        return n;
    }
}
