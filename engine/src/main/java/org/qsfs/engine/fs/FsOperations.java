package org.qsfs.engine.fs;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The filesystem API the mount adapters call: inode numbers and raw name bytes, as FUSE's
 * low-level API and Dokany deliver them ({@link FsPaths} adds path-based lookups for the
 * high-level APIs). Every call is atomic: it either happens completely or fails with an
 * {@link FsException} carrying the {@link Errno}, and changes nothing.
 *
 * <ul>
 * <li>The root directory is {@link #ROOT_INO}; inode numbers are never reused.
 * <li>Names are 1..255 bytes without '/' or NUL; "." and ".." are not names (EINVAL/EEXIST).
 * <li>Times are nanoseconds since the epoch; mtime/ctime of a file and of the directories
 *     whose entries change are updated on every change.
 * <li>Handles ({@code fh}) come from {@link #open} / {@link #create} and stay valid until
 *     {@link #release}, even when the file is unlinked meanwhile.
 * <li>{@link #write} returns once the bytes are in the local cache (reads see them at once);
 *     the metadata is committed in batches: within about a second, and at {@link #fsync}
 *     ({@link #flush} and {@link #release} commit nothing, as close(2)). After {@link #fsync} the
 *     bytes survive a kill or power loss of this machine; a kill of the process loses at most
 *     the un-fsync'ed changes of the last second, never leaving the tree inconsistent. With the
 *     volume's "durable fsync" option fsync also waits until data and metadata are safe on the
 *     backends.
 * </ul>
 */
public interface FsOperations {
    long ROOT_INO = 1;

    /** The entry {@code name} in directory {@code parent}. ENOENT, ENOTDIR, EACCES (no search permission). */
    Attr lookup(Caller c, long parent, byte[] name) throws FsException;

    /** stat. ENOENT for an unknown (or fully deleted) inode. */
    Attr getattr(long ino) throws FsException;

    /** chmod, chown, truncate and utimens (see {@link SetAttr}); EPERM, EACCES, EISDIR, EINVAL, EFBIG. */
    Attr setattr(Caller c, long ino, SetAttr changes) throws FsException;

    /**
     * Up to {@code max} entries after cookie {@code offset} (0 = from the start; "." and ".."
     * come first). An empty list means the end.
     */
    List<DirEntry> readdir(Caller c, long dir, long offset, int max) throws FsException;

    /**
     * {@link #readdir} with each entry's attributes. This default asks {@link #getattr} per
     * entry and leaves out entries removed meanwhile; a volume answers from one look at its
     * tables (one lock, not one per name).
     */
    default List<DirEntryPlus> readdirPlus(Caller c, long dir, long offset, int max) throws FsException {
        List<DirEntryPlus> out = new java.util.ArrayList<>();
        for (DirEntry e : readdir(c, dir, offset, max)) {
            if (e.isDot()) {
                out.add(new DirEntryPlus(e, null));
                continue;
            }
            try {
                out.add(new DirEntryPlus(e, getattr(e.ino())));
            } catch (FsException gone) {
                if (gone.errno() != Errno.ENOENT) {
                    throw gone;
                }
            }
        }
        return out;
    }

    /** Creates a regular file, FIFO, socket or device node (devices: root only, else EPERM). */
    Attr mknod(Caller c, long parent, byte[] name, FileType type, int perm, long rdev) throws FsException;

    Attr mkdir(Caller c, long parent, byte[] name, int perm) throws FsException;

    /** A symbolic link holding {@code target} (1..4095 bytes, not resolved). */
    Attr symlink(Caller c, long parent, byte[] name, byte[] target) throws FsException;

    /** EINVAL when {@code ino} is not a symlink. */
    byte[] readlink(Caller c, long ino) throws FsException;

    /** A hard link to {@code ino} (not a directory: EPERM). */
    Attr link(Caller c, long ino, long newParent, byte[] newName) throws FsException;

    /** Removes a non-directory entry (EISDIR for a directory). An open file stays usable through its handles. */
    void unlink(Caller c, long parent, byte[] name) throws FsException;

    /** Removes an empty directory: ENOTEMPTY, ENOTDIR, EBUSY for the root. */
    void rmdir(Caller c, long parent, byte[] name) throws FsException;

    /**
     * rename(2) / renameat2: replaces an existing target atomically (a file over a file, a
     * directory over an empty directory); ENOTEMPTY, EISDIR, ENOTDIR as POSIX says; EINVAL
     * when a directory would move into its own subtree. {@code flags}:
     * {@link OpenFlags#RENAME_NOREPLACE} (EEXIST), {@link OpenFlags#RENAME_EXCHANGE}.
     */
    void rename(Caller c, long parent, byte[] name, long newParent, byte[] newName, int flags) throws FsException;

    /** Opens a file; {@link OpenFlags#O_TRUNC} truncates. EISDIR for a directory opened for writing. */
    long open(Caller c, long ino, int flags) throws FsException;

    /** The result of {@link #create}. */
    record Created(Attr attr, long fh) {
    }

    /** Creates and opens a regular file; EEXIST with O_EXCL, otherwise an existing file is opened. */
    Created create(Caller c, long parent, byte[] name, int perm, int flags) throws FsException;

    /** Reads up to {@code len} bytes at {@code offset}; fewer only at the end of the file. */
    int read(long fh, long offset, byte[] buf, int bufOff, int len) throws FsException;

    /**
     * {@link #read(long, long, byte[], int, int)} of up to {@code dst.remaining()} bytes into
     * {@code dst}, which may be a direct buffer (a mount's reply buffer); its position advances
     * by the count returned. The volume reads its cached blocks straight into a direct buffer;
     * this default reads into an array and copies it, for implementations that have only that.
     */
    default int read(long fh, long offset, ByteBuffer dst) throws FsException {
        byte[] b = new byte[dst.remaining()];
        int n = read(fh, offset, b, 0, b.length);
        dst.put(b, 0, Math.max(n, 0));
        return n;
    }

    /** Writes all {@code len} bytes at {@code offset} (at the end with O_APPEND); may wait while the cache is full of unsent data. */
    int write(long fh, long offset, byte[] buf, int bufOff, int len) throws FsException;

    /**
     * {@link #write(long, long, byte[], int, int)} of {@code src}'s remaining bytes, which may be
     * a direct buffer (a mount's request buffer); {@code src}'s position and limit do not move.
     * The volume writes a direct buffer to its cache files without copying it into the heap;
     * this default copies it into an array for implementations that have only the array write.
     */
    default int write(long fh, long offset, ByteBuffer src) throws FsException {
        byte[] b = new byte[src.remaining()];
        src.get(src.position(), b);
        return write(fh, offset, b, 0, b.length);
    }

    /** close(2) of one descriptor: nothing to do beyond reporting earlier write errors. */
    void flush(long fh) throws FsException;

    /** Makes the file's data (and metadata unless {@code dataOnly}) durable; see the class comment. */
    void fsync(long fh, boolean dataOnly) throws FsException;

    /** The last close of a handle; an unlinked file goes away with its last handle. */
    void release(long fh) throws FsException;

    /** Reserves space ({@code mode} 0 or FALLOC_FL_KEEP_SIZE) or punches a hole (PUNCH_HOLE|KEEP_SIZE). */
    void fallocate(long fh, int mode, long offset, long length) throws FsException;

    /** access(2) with {@link OpenFlags#R_OK} etc. */
    void access(Caller c, long ino, int mask) throws FsException;

    StatFs statfs() throws FsException;

    /** ENODATA when absent. Names are "namespace.name" (user., trusted., security., system.). */
    byte[] getxattr(Caller c, long ino, String name) throws FsException;

    /** {@code flags}: {@link OpenFlags#XATTR_CREATE} (EEXIST), {@link OpenFlags#XATTR_REPLACE} (ENODATA). */
    void setxattr(Caller c, long ino, String name, byte[] value, int flags) throws FsException;

    List<String> listxattr(Caller c, long ino) throws FsException;

    void removexattr(Caller c, long ino, String name) throws FsException;
}
