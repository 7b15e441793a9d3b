package org.qsfs.mount.fusekernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.qsfs.engine.fs.Attr;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.DirEntry;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FileType;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.engine.fs.OpenFlags;
import org.qsfs.engine.fs.SetAttr;
import org.qsfs.mount.MountRequest;

/**
 * The protocol bytes without a mount: request decoding, reply layouts (offsets checked
 * against linux/fuse.h), INIT negotiation, and what the dispatcher asks of the engine for
 * requests a mount test would not pinpoint (negative entries, writeback flags, kernel-kept
 * times, readdir packing and cookies, unknown opcodes, FORGET).
 */
class FuseKernelProtocolTest {
    private static final long NOW = 1_700_000_000_123_456_789L;

    /** A request buffer: header + body, as the kernel writes it. */
    private static Request request(int opcode, long nodeId, int uid, byte[] body) {
        ByteBuffer b = ByteBuffer.allocateDirect(KernelSession.BUFFER_SIZE).order(ByteOrder.nativeOrder());
        int len = FuseKernelAbi.IN_HEADER + body.length;
        b.putInt(0, len).putInt(4, opcode).putLong(8, 77).putLong(16, nodeId).putInt(24, uid).putInt(28, uid)
                .putInt(32, 1);
        b.put(FuseKernelAbi.IN_HEADER, body);
        Request q = new Request(b, 1 << 20);
        q.received(len);
        return q;
    }

    private static byte[] body(Object... parts) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        for (Object p : parts) {
            if (p instanceof Integer i) {
                b.putInt(i);
            } else if (p instanceof Long l) {
                b.putLong(l);
            } else if (p instanceof String s) {
                b.put(s.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
            } else if (p instanceof byte[] raw) {
                b.put(raw);
            }
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private static Attr file(long ino, int perm) {
        return new Attr(ino, FileType.REGULAR, perm, 1, 1000, 100, 12345, 32, 0, NOW, NOW + 1, NOW + 2, NOW);
    }

    /** An engine that records calls; lookups of "missing" fail with ENOENT. */
    static final class FakeEngine {
        final List<String> calls = new ArrayList<>();
        final Map<Long, Attr> attrs = new ConcurrentHashMap<>();
        final List<DirEntry> listing = new ArrayList<>();
        boolean refuseReadWrite;

        FsOperations proxy() {
            return (FsOperations) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {FsOperations.class},
                    (p, m, a) -> {
                        switch (m.getName()) {
                            case "lookup" -> {
                                String name = new String((byte[]) a[2], StandardCharsets.UTF_8);
                                calls.add("lookup " + a[1] + " " + name);
                                if (name.equals("missing")) {
                                    throw new FsException(Errno.ENOENT, name);
                                }
                                return file(42, 0644);
                            }
                            case "getattr" -> {
                                Attr x = attrs.get((Long) a[0]);
                                if (x == null) {
                                    throw new FsException(Errno.ENOENT, "no " + a[0]);
                                }
                                return x;
                            }
                            case "setattr" -> {
                                SetAttr s = (SetAttr) a[2];
                                calls.add("setattr " + (((Caller) a[0]).isRoot() ? "root" : "user") + " perm=" + s.perm()
                                        + " size=" + s.size() + " atime=" + s.atimeNs() + " mtime=" + s.mtimeNs());
                                return file((Long) a[1], 0644);
                            }
                            case "open" -> {
                                int flags = (Integer) a[2];
                                boolean root = ((Caller) a[0]).isRoot();
                                calls.add("open " + (root ? "root " : "") + a[1] + " flags=" + Integer.toOctalString(flags));
                                if (refuseReadWrite && !root && (flags & OpenFlags.O_ACCMODE) == OpenFlags.O_RDWR) {
                                    throw new FsException(Errno.EACCES, "write-only file");
                                }
                                return 9L;
                            }
                            case "access" -> {
                                calls.add("access " + a[1] + " mask=" + a[2]);
                                return null;
                            }
                            case "write" -> {
                                if (a.length != 3) {
                                    throw new UnsupportedOperationException("the array write: the adapter copied the payload");
                                }
                                ByteBuffer src = (ByteBuffer) a[2];
                                byte[] got = new byte[src.remaining()];
                                src.get(src.position(), got);
                                calls.add("write " + a[0] + " at " + a[1] + " " + new String(got, StandardCharsets.UTF_8)
                                        + (src.isDirect() ? " direct" : " heap"));
                                return got.length;
                            }
                            case "readdir" -> {
                                long cookie = (Long) a[2];
                                int max = (Integer) a[3];
                                calls.add("readdir " + cookie);
                                List<DirEntry> out = new ArrayList<>();
                                for (DirEntry e : listing) {
                                    if (e.offset() > cookie && out.size() < max) {
                                        out.add(e);
                                    }
                                }
                                return out;
                            }
                            default -> {
                                if (m.isDefault()) { // readdirPlus: the interface's own, over readdir and getattr
                                    return java.lang.reflect.InvocationHandler.invokeDefault(p, m, a);
                                }
                                throw new UnsupportedOperationException(m.getName());
                            }
                        }
                    });
        }
    }

    private static KernelSession session(FakeEngine engine, boolean writeback) {
        AttrEncoder enc = new AttrEncoder(Duration.ofMillis(1500), Duration.ofSeconds(2));
        MountContext m = new MountContext(engine.proxy(), null, enc, enc, writeback);
        return new KernelSession(null, m, new InitNegotiation.Settings(writeback, 1 << 20, 64, false), false);
    }

    private static ByteBuffer sent(Reply r, int len) {
        ByteBuffer b = r.buffer().duplicate().order(ByteOrder.nativeOrder());
        b.limit(len);
        return b;
    }

    @Test
    void requestHeaderNamesAndData() {
        Request q = request(FuseKernelAbi.RENAME, 5, 1000, body(7L, "old name", "new"));
        assertEquals(FuseKernelAbi.RENAME, q.opcode());
        assertEquals(77, q.unique());
        assertEquals(5, q.nodeId());
        assertEquals(1000, q.uid());
        assertEquals(7L, q.u64(0));
        assertArrayEquals("old name".getBytes(), q.name(8));
        assertEquals(17, q.after(8));
        assertArrayEquals("new".getBytes(), q.name(q.after(8)));
    }

    @Test
    void snapshotNodesAreCachedAtMostOneSecond() {
        MountRequest request = MountRequest.at("/mnt/qsfs"); // 60 s by default
        AttrEncoder live = AttrEncoder.of(request);
        AttrEncoder snap = AttrEncoder.of(request.cacheTimesAtMost(Duration.ofSeconds(1)));
        Reply r = new Reply(4096);
        r.reset();
        snap.entry(r, file(42, 0644));
        ByteBuffer b = sent(r, r.finish(3));
        assertEquals(1, b.getLong(16 + 16), "entry_valid");
        assertEquals(1, b.getLong(16 + 24), "attr_valid");
        r.reset();
        live.entry(r, file(42, 0644));
        b = sent(r, r.finish(3));
        assertEquals(60, b.getLong(16 + 16), "entry_valid of a live node");
        // shorter times stay as they are
        AttrEncoder shortOnes = AttrEncoder.of(request.cacheTimeouts(Duration.ZERO, Duration.ofMillis(200))
                .cacheTimesAtMost(Duration.ofSeconds(1)));
        r.reset();
        shortOnes.entry(r, file(42, 0644));
        b = sent(r, r.finish(3));
        assertEquals(0, b.getLong(16 + 16));
        assertEquals(200_000_000, b.getInt(16 + 32), "entry_valid_nsec");
        assertEquals(0, b.getLong(16 + 24), "attr_valid");
    }

    @Test
    void attrAndEntryLayoutsMatchFuseH() {
        AttrEncoder enc = new AttrEncoder(Duration.ofMillis(1500), Duration.ofSeconds(2));
        Reply r = new Reply(4096);
        r.reset();
        enc.entry(r, file(42, 04755));
        assertEquals(FuseKernelAbi.ENTRY_OUT, r.payloadLength());
        ByteBuffer b = sent(r, r.finish(3));
        assertEquals(16 + 128, b.getInt(0));
        assertEquals(0, b.getInt(4));
        assertEquals(3, b.getLong(8));
        int e = 16;
        assertEquals(42, b.getLong(e)); // nodeid
        assertEquals(1, b.getLong(e + 16)); // entry_valid
        assertEquals(2, b.getLong(e + 24)); // attr_valid
        assertEquals(500_000_000, b.getInt(e + 32)); // entry_valid_nsec
        int a = e + 40; // struct fuse_attr
        assertEquals(42, b.getLong(a));
        assertEquals(12345, b.getLong(a + 8));
        assertEquals(32, b.getLong(a + 16));
        assertEquals(1_700_000_000L, b.getLong(a + 24));
        assertEquals(123_456_790, b.getInt(a + 52)); // mtimensec
        assertEquals(0104755, b.getInt(a + 60)); // mode
        assertEquals(1, b.getInt(a + 64));
        assertEquals(1000, b.getInt(a + 68));
        assertEquals(100, b.getInt(a + 72));
        assertEquals(AttrEncoder.BLKSIZE, b.getInt(a + 80));
    }

    @Test
    void direntRecordsArePaddedToEightBytes() {
        Reply r = new Reply(4096);
        r.reset();
        AttrEncoder.dirent(r, 42, 3, FileType.DIRECTORY.bits(), "abc".getBytes());
        assertEquals(32, r.payloadLength());
        assertEquals(AttrEncoder.direntSize(3), r.payloadLength());
        ByteBuffer b = sent(r, r.finish(1));
        assertEquals(42, b.getLong(16));
        assertEquals(3, b.getLong(24));
        assertEquals(3, b.getInt(32));
        assertEquals(4, b.getInt(36)); // DT_DIR
        assertEquals('a', b.get(40));
        assertEquals(0, b.get(43));
        assertEquals(152 + 8, AttrEncoder.direntPlusSize(3));
    }

    @Test
    void initTakesOurFlagsThatTheKernelOffersAndOneMebibyteWrites() throws Exception {
        int offered = -1 & ~FuseKernelAbi.WRITEBACK_CACHE; // everything but the writeback cache
        Request q = request(FuseKernelAbi.INIT, 0, 0, body(7, 45, 131072, offered, 0));
        Reply r = new Reply(4096);
        r.reset();
        InitNegotiation.Agreed ok = InitNegotiation.reply(q, r, new InitNegotiation.Settings(true, 1 << 20, 64, false), false);
        assertEquals(38, ok.minor());
        assertTrue(ok.has(FuseKernelAbi.MAX_PAGES) && ok.has(FuseKernelAbi.DO_READDIRPLUS));
        assertTrue(!ok.has(FuseKernelAbi.WRITEBACK_CACHE), "not offered, not taken");
        assertEquals(FuseKernelAbi.INIT_OUT, r.payloadLength());
        ByteBuffer b = sent(r, r.finish(1));
        assertEquals(7, b.getInt(16));
        assertEquals(38, b.getInt(20));
        assertEquals(131072, b.getInt(24), "read-ahead: at most what the kernel offers");
        assertEquals(ok.flags(), b.getInt(28));
        assertEquals(64, b.getShort(32));
        assertEquals(1 << 20, b.getInt(36)); // max_write
        assertEquals(1, b.getInt(40)); // time_gran
        assertEquals(256, b.getShort(44)); // max_pages
        assertEquals(0, ok.flags() & ~InitNegotiation.wanted(new InitNegotiation.Settings(true, 1 << 20, 64, false)));
    }

    @Test
    void aMissingNameIsANegativeEntryAndOtherErrorsAreErrnos() {
        FakeEngine engine = new FakeEngine();
        KernelSession s = session(engine, true);
        Reply r = new Reply(4096);
        r.reset();
        int len = s.handle(request(FuseKernelAbi.LOOKUP, 1, 0, body("missing")), r);
        ByteBuffer b = sent(r, len);
        assertEquals(16 + 128, len);
        assertEquals(0, b.getInt(4));
        assertEquals(0, b.getLong(16), "node id 0: a negative entry");
        assertEquals(1, b.getLong(32), "remembered for the entry timeout");

        r.reset();
        len = s.handle(request(FuseKernelAbi.GETATTR, 99, 0, body(0, 0, 0L)), r);
        assertEquals(16, len);
        assertEquals(-Errno.ENOENT.code(), sent(r, len).getInt(4));

        r.reset();
        len = s.handle(request(FuseKernelAbi.LSEEK, 1, 0, body(0L, 0L, 0, 0)), r);
        assertEquals(-Errno.ENOSYS.code(), sent(r, len).getInt(4));

        r.reset();
        assertEquals(0, s.handle(request(FuseKernelAbi.FORGET, 42, 0, body(1L)), r), "FORGET has no reply");

        r.reset(); // FLUSH: ENOSYS, so the kernel stops sending one per close(2)
        len = s.handle(request(FuseKernelAbi.FLUSH, 42, 0, body(9L, 0, 0, 0L)), r);
        assertEquals(-Errno.ENOSYS.code(), sent(r, len).getInt(4));
    }

    @Test
    void requestsAreCountedAndTimedPerOpcode() {
        FakeEngine engine = new FakeEngine();
        KernelSession s = session(engine, true);
        Reply r = new Reply(4096);
        for (int i = 0; i < 3; i++) {
            r.reset();
            s.handle(request(FuseKernelAbi.LOOKUP, 1, 0, body("missing")), r);
        }
        r.reset();
        s.handle(request(FuseKernelAbi.GETATTR, 99, 0, body(0, 0, 0L)), r); // an error is counted too
        assertEquals("LOOKUP=3 GETATTR=1", s.counts());
        String times = s.times();
        assertTrue(times.matches("LOOKUP=\\d+ms GETATTR=\\d+ms \\(most workers busy at once: 1\\)"), times);
    }

    @Test
    void withTheWritebackCacheAWriteOnlyOpenReadsTooAndAppendIsTheKernels() {
        FakeEngine engine = new FakeEngine();
        KernelSession s = session(engine, true);
        Reply r = new Reply(4096);
        r.reset();
        int len = s.handle(request(FuseKernelAbi.OPEN, 42, 1000, body(OpenFlags.O_WRONLY | OpenFlags.O_APPEND, 0)), r);
        assertEquals(16 + 16, len);
        assertEquals("open 42 flags=" + Integer.toOctalString(OpenFlags.O_RDWR), engine.calls.get(0));
        ByteBuffer b = sent(r, len);
        assertEquals(9, b.getLong(16));
        assertEquals(FuseKernelAbi.FOPEN_KEEP_CACHE, b.getInt(24));

        engine.calls.clear();
        engine.refuseReadWrite = true; // the caller may write but not read: its right to write, then read-write as root
        r.reset();
        s.handle(request(FuseKernelAbi.OPEN, 42, 1000, body(OpenFlags.O_WRONLY | OpenFlags.O_APPEND, 0)), r);
        assertEquals(List.of("open 42 flags=2", "access 42 mask=" + OpenFlags.W_OK, "open root 42 flags=2"),
                engine.calls);

        FakeEngine plain = new FakeEngine();
        r.reset();
        session(plain, false).handle(request(FuseKernelAbi.OPEN, 42, 1000,
                body(OpenFlags.O_WRONLY | OpenFlags.O_APPEND, 0)), r);
        assertEquals("open 42 flags=" + Integer.toOctalString(OpenFlags.O_WRONLY | OpenFlags.O_APPEND),
                plain.calls.get(0));
    }

    @Test
    void aWritePassesThePayloadInTheRequestBufferAndRepliesItsSize() {
        FakeEngine engine = new FakeEngine();
        KernelSession s = session(engine, true);
        Reply r = new Reply(4096);
        r.reset();
        // fuse_write_in: fh, offset, size, write_flags, lock_owner, flags, padding; then the data
        byte[] write = body(9L, 100L, 5, 0, 0L, 0, 0, "hello, and bytes the kernel did not send".getBytes());
        int len = s.handle(request(FuseKernelAbi.WRITE, 42, 1000, write), r);
        assertEquals(16 + 8, len);
        assertEquals(5, sent(r, len).getInt(16));
        assertEquals(List.of("write 9 at 100 hello direct"), engine.calls);

        engine.calls.clear();
        r.reset();
        byte[] shortWrite = body(9L, 0L, 6, 0, 0L, 0, 0, "hello".getBytes()); // claims more than it carries
        len = s.handle(request(FuseKernelAbi.WRITE, 42, 1000, shortWrite), r);
        assertEquals(-Errno.EINVAL.code(), sent(r, len).getInt(4));
        assertEquals(List.of(), engine.calls);
    }

    @Test
    void timesTheKernelKeepsAreAppliedAsRootAndTheRestAsTheCaller() {
        FakeEngine engine = new FakeEngine();
        KernelSession s = session(engine, true);
        Reply r = new Reply(4096);
        r.reset();
        int valid = FuseKernelAbi.FATTR_SIZE | FuseKernelAbi.FATTR_MTIME | FuseKernelAbi.FATTR_CTIME;
        byte[] setattr = body(valid, 0, 0L, 100L, 0L, 0L, 1_000L, 0L, 0, 5, 0, 0, 0, 0, 0, 0);
        int len = s.handle(request(FuseKernelAbi.SETATTR, 42, 1000, setattr), r);
        assertEquals(16 + FuseKernelAbi.ATTR_OUT, len);
        assertEquals(List.of("setattr user perm=-1 size=100 atime=" + SetAttr.OMIT + " mtime=" + SetAttr.OMIT,
                "setattr root perm=-1 size=-1 atime=" + SetAttr.OMIT + " mtime=1000000000005"), engine.calls);

        engine.calls.clear();
        r.reset(); // utimensat(UTIME_NOW) on a directory: no FATTR_CTIME, the caller's own request
        int now = FuseKernelAbi.FATTR_ATIME | FuseKernelAbi.FATTR_ATIME_NOW | FuseKernelAbi.FATTR_MTIME
                | FuseKernelAbi.FATTR_MTIME_NOW;
        s.handle(request(FuseKernelAbi.SETATTR, 42, 1000, body(now, 0, 0L, 0L, 0L, 0L, 0L, 0L, 0, 0, 0, 0, 0, 0, 0, 0)), r);
        assertEquals(List.of("setattr user perm=-1 size=-1 atime=" + SetAttr.NOW + " mtime=" + SetAttr.NOW),
                engine.calls);
    }

    @Test
    void readdirPacksWhatFitsAndContinuesFromTheLastCookie() {
        FakeEngine engine = new FakeEngine();
        engine.listing.add(new DirEntry(".".getBytes(), 7, FileType.DIRECTORY, 1));
        engine.listing.add(new DirEntry("..".getBytes(), 1, FileType.DIRECTORY, 2));
        for (int i = 0; i < 10; i++) {
            engine.listing.add(new DirEntry(("file-" + i).getBytes(), 100 + i, FileType.REGULAR, 3 + i));
            engine.attrs.put(100L + i, file(100 + i, 0644));
        }
        KernelSession s = session(engine, true);
        Reply r = new Reply(4096);
        r.reset();
        // room for 4 plain records of 32 bytes
        int len = s.handle(request(FuseKernelAbi.READDIR, 7, 0, body(0L, 0L, 128, 0, 0L, 0, 0)), r);
        ByteBuffer b = sent(r, len);
        assertEquals(16 + 128, len);
        assertEquals(4, b.getLong(16 + 96 + 8), "the fourth record's cookie");
        assertEquals('f', b.get(16 + 96 + 24));

        r.reset();
        len = s.handle(request(FuseKernelAbi.READDIRPLUS, 7, 0, body(4L, 4L, 4096, 0, 0L, 0, 0)), r);
        b = sent(r, len);
        int per = AttrEncoder.direntPlusSize("file-2".length());
        assertEquals(16 + 8 * per, len, "file-2 .. file-9 with their attributes");
        assertEquals(102, b.getLong(16), "entry_out.nodeid of file-2");
        assertEquals(102, b.getLong(16 + 128), "dirent.ino of file-2");
        assertEquals(5, b.getLong(16 + 128 + 8), "dirent.off: the cookie after file-2");
    }
}
