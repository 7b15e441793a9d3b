package org.qsfs.engine.fs;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** A comparable description of a whole tree: per path, type, mode, owner, size, times, content digest, link group. */
final class TreeManifest {
    private TreeManifest() {
    }

    static Map<String, String> of(FsOperations fs) throws Exception {
        Map<String, String> out = new TreeMap<>();
        Map<Long, String> firstPath = new java.util.HashMap<>();
        walk(fs, FsOperations.ROOT_INO, "", out, firstPath);
        return out;
    }

    private static void walk(FsOperations fs, long dir, String path, Map<String, String> out,
            Map<Long, String> firstPath) throws Exception {
        long off = 0;
        while (true) {
            var page = fs.readdir(Caller.ROOT, dir, off, 500);
            if (page.isEmpty()) {
                return;
            }
            for (DirEntry e : page) {
                off = e.offset();
                String name = e.nameString();
                if (name.equals(".") || name.equals("..")) {
                    continue;
                }
                String p = path + "/" + name;
                Attr a = fs.getattr(e.ino());
                StringBuilder sb = new StringBuilder();
                sb.append(a.type()).append(' ').append(Integer.toOctalString(a.perm())).append(' ')
                        .append(Integer.toUnsignedString(a.uid())).append(':').append(Integer.toUnsignedString(a.gid()))
                        .append(" size=").append(a.size()).append(" mtime=").append(a.mtimeNs()).append(" atime=")
                        .append(a.atimeNs()).append(" nlink=").append(a.nlink()).append(" rdev=").append(a.rdev());
                String first = firstPath.putIfAbsent(a.ino(), p);
                if (first != null) {
                    sb.append(" hardlink-of=").append(first);
                }
                if (a.isSymlink()) {
                    sb.append(" -> ").append(new String(fs.readlink(Caller.ROOT, a.ino())));
                } else if (a.isRegular()) {
                    sb.append(" sha=").append(digest(fs, a));
                }
                for (String x : fs.listxattr(Caller.ROOT, a.ino())) {
                    sb.append(' ').append(x).append('=').append(new String(fs.getxattr(Caller.ROOT, a.ino(), x)));
                }
                out.put(p, sb.toString());
                if (a.isDirectory()) {
                    walk(fs, a.ino(), p, out, firstPath);
                }
            }
        }
    }

    static String digest(FsOperations fs, Attr a) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long fh = fs.open(Caller.ROOT, a.ino(), OpenFlags.O_RDONLY);
        byte[] buf = new byte[1 << 20];
        long pos = 0;
        while (true) {
            int n = fs.read(fh, pos, buf, 0, buf.length);
            if (n == 0) {
                break;
            }
            md.update(buf, 0, n);
            pos += n;
        }
        fs.release(fh);
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }
}
