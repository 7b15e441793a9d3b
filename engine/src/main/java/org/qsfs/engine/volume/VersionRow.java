package org.qsfs.engine.volume;

import org.qsfs.engine.fs.FileType;

/**
 * A kept version of a file: its attributes and (in {@code vblock}) its block map as they
 * were until {@code savedNs}, when it was overwritten, deleted or replaced.
 *
 * @param parent directory the file was in then
 * @param name its name then
 * @param kind {@link #OVERWRITTEN}, {@link #DELETED}, {@link #REPLACED} or {@link #RESTORED}
 */
public record VersionRow(long ino, long ver, long parent, byte[] name, FileType type, int perm, int uid, int gid,
                         long size, long mtimeNs, long savedNs, int kind, byte[] target) {
    public static final int OVERWRITTEN = 0;
    public static final int DELETED = 1;
    public static final int REPLACED = 2;
    public static final int RESTORED = 3;

    public String kindName() {
        return switch (kind) {
            case OVERWRITTEN -> "overwritten";
            case DELETED -> "deleted";
            case REPLACED -> "replaced";
            default -> "restored";
        };
    }

    void write(Bytes.Writer w) {
        w.i64(ino).i64(ver).i64(parent).bytes(name).u8(type.id()).i32(perm).i32(uid).i32(gid).i64(size).i64(mtimeNs)
                .i64(savedNs).u8(kind).bytes(target);
    }

    static VersionRow read(Bytes.Reader r) {
        return new VersionRow(r.i64(), r.i64(), r.i64(), r.bytes(), FileType.ofId(r.u8()), r.i32(), r.i32(), r.i32(),
                r.i64(), r.i64(), r.i64(), r.u8(), r.bytes());
    }
}
