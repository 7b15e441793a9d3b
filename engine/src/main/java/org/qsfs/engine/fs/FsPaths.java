package org.qsfs.engine.fs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Path-based access for the high-level FUSE and Dokany APIs, which name files by absolute
 * path ("/a/b"). Symlinks in the middle of a path are followed (40 at most, then ELOOP);
 * the last component is not (lstat semantics).
 */
public final class FsPaths {
    private static final int MAX_SYMLINKS = 40;
    private static final int MAX_PATH = 4096;

    /** A parent directory and a name in it. */
    public record Parent(long dir, byte[] name) {
    }

    private final FsOperations fs;

    public FsPaths(FsOperations fs) {
        this.fs = fs;
    }

    /** The inode {@code path} names. */
    public Attr resolve(Caller c, String path) throws FsException {
        return walk(c, components(path), 0);
    }

    /** The directory holding the last component of {@code path}, and that component's name. */
    public Parent parent(Caller c, String path) throws FsException {
        List<byte[]> parts = components(path);
        if (parts.isEmpty()) {
            throw new FsException(Errno.EBUSY, "the root has no parent");
        }
        byte[] name = parts.remove(parts.size() - 1);
        Attr dir = walk(c, parts, 0);
        if (!dir.isDirectory()) {
            throw new FsException(Errno.ENOTDIR, "not a directory: " + path);
        }
        return new Parent(dir.ino(), name);
    }

    private Attr walk(Caller c, List<byte[]> parts, int links) throws FsException {
        Deque<byte[]> todo = new ArrayDeque<>(parts);
        Attr cur = fs.getattr(FsOperations.ROOT_INO);
        while (!todo.isEmpty()) {
            byte[] name = todo.pollFirst();
            if (!cur.isDirectory()) {
                throw new FsException(Errno.ENOTDIR, "a path component is not a directory");
            }
            Attr next = fs.lookup(c, cur.ino(), name);
            if (next.isSymlink() && !todo.isEmpty()) {
                if (++links > MAX_SYMLINKS) {
                    throw new FsException(Errno.ELOOP, "too many symbolic links");
                }
                byte[] target = fs.readlink(c, next.ino());
                List<byte[]> t = components(new String(target, StandardCharsets.UTF_8));
                for (int i = t.size() - 1; i >= 0; i--) {
                    todo.addFirst(t.get(i));
                }
                if (target[0] == '/') {
                    cur = fs.getattr(FsOperations.ROOT_INO);
                }
                continue;
            }
            cur = next;
        }
        return cur;
    }

    /** The non-empty components of a path, as bytes (UTF-8). */
    public static List<byte[]> components(String path) throws FsException {
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        if (b.length >= MAX_PATH) {
            throw new FsException(Errno.ENAMETOOLONG, "a path is at most 4095 bytes");
        }
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= b.length; i++) {
            if (i == b.length || b[i] == '/') {
                if (i > start) {
                    byte[] part = java.util.Arrays.copyOfRange(b, start, i);
                    if (part.length > Names.MAX_NAME) {
                        throw new FsException(Errno.ENAMETOOLONG, "a name is at most 255 bytes");
                    }
                    out.add(part);
                }
                start = i + 1;
            }
        }
        return out;
    }
}
