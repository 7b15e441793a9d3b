package org.qsfs.engine.volume;

import org.qsfs.engine.fs.Attr;
import org.qsfs.engine.fs.FileType;

/** One row of the inode table, mutable: change fields, then {@link Inodes#put}. */
public final class Inode {
    public long ino;
    public FileType type;
    public int perm;
    public int uid;
    public int gid;
    public int nlink;
    public long size;
    /** Bytes held in blocks (for st_blocks); holes hold nothing. */
    public long alloc;
    public long rdev;
    public long atime;
    public long mtime;
    public long ctime;
    public long btime;
    /** A symlink's target. */
    public byte[] target;
    /**
     * Version state, bits: {@link #CHANGED}; {@link #REMOVAL_PENDING} and {@link #REMOVED_BY_RENAME}
     * while a removed file waits for its version to be kept (see the fs package's DeferredPurges).
     */
    public int vstate;

    /** vstate bit: the content changed since the last kept version. */
    public static final int CHANGED = 1;
    /** vstate bit: the last name went (nlink 0, no handle) and the version is not kept yet. */
    public static final int REMOVAL_PENDING = 2;
    /** vstate bit beside {@link #REMOVAL_PENDING}: a rename replaced the file (else it was deleted). */
    public static final int REMOVED_BY_RENAME = 4;

    public Attr attr() {
        return new Attr(ino, type, perm, nlink, uid, gid, size, (alloc + 511) / 512, rdev, atime, mtime, ctime, btime);
    }

    /** A field-by-field copy (the target array is shared: it is never changed in place). */
    public Inode copy() {
        Inode i = new Inode();
        i.ino = ino;
        i.type = type;
        i.perm = perm;
        i.uid = uid;
        i.gid = gid;
        i.nlink = nlink;
        i.size = size;
        i.alloc = alloc;
        i.rdev = rdev;
        i.atime = atime;
        i.mtime = mtime;
        i.ctime = ctime;
        i.btime = btime;
        i.target = target;
        i.vstate = vstate;
        return i;
    }

    public boolean isDir() {
        return type == FileType.DIRECTORY;
    }

    void write(Bytes.Writer w) {
        w.i64(ino).u8(type.id()).i32(perm).i32(uid).i32(gid).i32(nlink).i64(size).i64(alloc).i64(rdev).i64(atime)
                .i64(mtime).i64(ctime).i64(btime).bytes(target).u8(vstate);
    }

    static Inode read(Bytes.Reader r) {
        Inode i = new Inode();
        i.ino = r.i64();
        i.type = FileType.ofId(r.u8());
        i.perm = r.i32();
        i.uid = r.i32();
        i.gid = r.i32();
        i.nlink = r.i32();
        i.size = r.i64();
        i.alloc = r.i64();
        i.rdev = r.i64();
        i.atime = r.i64();
        i.mtime = r.i64();
        i.ctime = r.i64();
        i.btime = r.i64();
        i.target = r.bytes();
        i.vstate = r.u8();
        return i;
    }
}
