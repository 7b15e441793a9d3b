package org.qsfs.mount.fusekernel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;

/** SETXATTR, GETXATTR, LISTXATTR, REMOVEXATTR; the snapshot tree has none and refuses changes. */
final class XattrOps {
    private final MountContext m;

    XattrOps(MountContext m) {
        this.m = m;
    }

    /** fuse_setxattr_in (8 bytes without FUSE_SETXATTR_EXT): size@0 flags@4, name, NUL, value. */
    void setxattr(Request q, Reply r) throws FsException {
        if (m.snap(q.nodeId())) {
            throw MountContext.readOnly();
        }
        int size = q.u32(0);
        int flags = q.u32(4);
        String name = q.string(8);
        byte[] value = q.bytes(q.after(8), size);
        m.fs.setxattr(m.caller(q), q.nodeId(), name, value, flags);
    }

    /** fuse_getxattr_in: size@0, name@8. size 0 asks for the length only (fuse_getxattr_out). */
    void getxattr(Request q, Reply r) throws FsException {
        if (m.snap(q.nodeId())) {
            throw new FsException(Errno.ENODATA, "no extended attributes in .snapshots");
        }
        int size = q.u32(0);
        byte[] v = m.fs.getxattr(m.caller(q), q.nodeId(), q.string(8));
        sized(r, size, v);
    }

    /** fuse_getxattr_in: size@0. The names, each NUL-terminated. */
    void listxattr(Request q, Reply r) throws FsException {
        int size = q.u32(0);
        if (m.snap(q.nodeId())) {
            sized(r, size, new byte[0]);
            return;
        }
        List<String> names = m.fs.listxattr(m.caller(q), q.nodeId());
        int total = 0;
        byte[][] encoded = new byte[names.size()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length + 1;
        }
        byte[] all = new byte[total];
        int p = 0;
        for (byte[] e : encoded) {
            System.arraycopy(e, 0, all, p, e.length);
            p += e.length + 1;
        }
        sized(r, size, all);
    }

    private static void sized(Reply r, int size, byte[] v) throws FsException {
        if (size == 0) {
            r.u32(v.length).u32(0);
            return;
        }
        if (size < v.length) {
            throw new FsException(Errno.ERANGE, "buffer of " + size + " for " + v.length + " bytes");
        }
        r.bytes(v, 0, v.length);
    }

    void removexattr(Request q, Reply r) throws FsException {
        if (m.snap(q.nodeId())) {
            throw MountContext.readOnly();
        }
        m.fs.removexattr(m.caller(q), q.nodeId(), q.string(0));
    }
}
