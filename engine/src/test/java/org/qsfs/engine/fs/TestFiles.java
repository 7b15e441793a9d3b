package org.qsfs.engine.fs;

import java.nio.charset.StandardCharsets;

/** Whole-file writes and version reads for the engine's file system tests. */
public final class TestFiles {
    public static final long R = FsOperations.ROOT_INO;

    private TestFiles() {
    }

    public static byte[] n(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Creates or truncates {@code name} in the root, writes {@code content}, closes it. */
    public static void save(FsOperations fs, String name, String content) throws FsException {
        FsOperations.Created c = fs.create(Caller.ROOT, R, n(name), 0644, OpenFlags.O_WRONLY | OpenFlags.O_CREAT
                | OpenFlags.O_TRUNC);
        fs.write(c.fh(), 0, n(content), 0, content.length());
        fs.release(c.fh());
    }

    /** Up to {@code len} bytes of a kept version, as text. */
    public static String read(VersionOps v, long ino, long ver, int len) throws FsException {
        byte[] b = new byte[len];
        int got = v.readVersion(ino, ver, 0, b, 0, len);
        return new String(b, 0, got, StandardCharsets.UTF_8);
    }
}
