package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.engine.fs.FsTestSupport.ROOT;
import static org.qsfs.engine.fs.FsTestSupport.expect;
import static org.qsfs.engine.fs.FsTestSupport.n;
import static org.qsfs.engine.fs.FsTestSupport.readAll;
import static org.qsfs.engine.fs.FsTestSupport.writeFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POSIX semantics of every operation and its errors, on a local-only volume. */
class PosixSemanticsTest {
    static final long R = FsOperations.ROOT_INO;
    @TempDir
    Path dir;
    FsVolume vol;
    FsOperations fs;

    @BeforeEach
    void open() throws Exception {
        vol = FsVolume.open(VolumeOptions.defaults(dir).withBlockSize(64 * 1024).withCache(64L << 20, 0), null);
        fs = vol.fs();
    }

    @AfterEach
    void close() {
        vol.close();
    }

    @Test
    void rootExists() throws Exception {
        Attr a = fs.getattr(R);
        assertTrue(a.isDirectory());
        assertEquals(2, a.nlink());
        assertEquals(0755, a.perm());
        assertEquals(FileType.DIRECTORY.bits() | 0755, a.mode());
    }

    @Test
    void createWriteReadStat() throws Exception {
        long before = fs.getattr(R).mtimeNs();
        Thread.sleep(2);
        FsOperations.Created c = fs.create(ROOT, R, n("a.txt"), 0640, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        assertEquals(FileType.REGULAR, c.attr().type());
        assertEquals(0640, c.attr().perm());
        assertEquals(1, c.attr().nlink());
        assertTrue(fs.getattr(R).mtimeNs() > before, "parent mtime updated");
        byte[] data = n("hello world");
        assertEquals(data.length, fs.write(c.fh(), 0, data, 0, data.length));
        byte[] buf = new byte[100];
        assertEquals(data.length, fs.read(c.fh(), 0, buf, 0, 100));
        assertEquals(0, fs.read(c.fh(), 100, buf, 0, 100));
        assertEquals(5, fs.read(c.fh(), 6, buf, 0, 100));
        fs.release(c.fh());
        Attr a = fs.lookup(ROOT, R, n("a.txt"));
        assertEquals(11, a.size());
        assertEquals(c.attr().ino(), a.ino());
        expect(Errno.ENOENT, () -> fs.lookup(ROOT, R, n("nope")));
        expect(Errno.EEXIST, () -> fs.create(ROOT, R, n("a.txt"), 0644, OpenFlags.O_CREAT | OpenFlags.O_EXCL
                | OpenFlags.O_WRONLY));
        expect(Errno.EBADF, () -> fs.read(c.fh(), 0, buf, 0, 1));
        expect(Errno.ENOTDIR, () -> fs.lookup(ROOT, a.ino(), n("x")));
    }

    @Test
    void nanosecondTimesAndUtimens() throws Exception {
        long ino = writeFile(fs, R, "t", n("x"));
        long at = 1_234_567_890_123_456_789L;
        long mt = 987_654_321_987_654_321L;
        Attr a = fs.setattr(ROOT, ino, SetAttr.none().withTimes(at, mt));
        assertEquals(at, a.atimeNs());
        assertEquals(mt, a.mtimeNs());
        Attr b = fs.setattr(ROOT, ino, SetAttr.none().withTimes(SetAttr.OMIT, SetAttr.NOW));
        assertEquals(at, b.atimeNs());
        assertNotEquals(mt, b.mtimeNs());
        assertTrue(b.ctimeNs() >= a.ctimeNs());
        Caller other = Caller.of(1000, 1000);
        expect(Errno.EPERM, () -> fs.setattr(other, ino, SetAttr.none().withTimes(1, 2)));
    }

    @Test
    void uidGidAre32Bit() throws Exception {
        long ino = writeFile(fs, R, "f", n("x"));
        int big = (int) 4_000_000_000L;
        Attr a = fs.setattr(ROOT, ino, SetAttr.none().withOwner(big, big - 1));
        assertEquals(4_000_000_000L, Integer.toUnsignedLong(a.uid()));
        assertEquals(3_999_999_999L, Integer.toUnsignedLong(fs.getattr(ino).gid()));
    }

    @Test
    void chmodChownPermissions() throws Exception {
        long ino = writeFile(fs, R, "f", n("x"));
        Caller alice = Caller.of(1000, 1000);
        expect(Errno.EPERM, () -> fs.setattr(alice, ino, SetAttr.none().withMode(0777)));
        fs.setattr(ROOT, ino, SetAttr.none().withOwner(1000, 1000));
        assertEquals(0600, fs.setattr(alice, ino, SetAttr.none().withMode(0600)).perm());
        expect(Errno.EPERM, () -> fs.setattr(alice, ino, SetAttr.none().withOwner(0, null)));
        expect(Errno.EPERM, () -> fs.setattr(alice, ino, SetAttr.none().withOwner(null, 5)));
        Caller bob = Caller.of(1001, 1001);
        expect(Errno.EACCES, () -> fs.open(bob, ino, OpenFlags.O_RDONLY));
        fs.access(alice, ino, OpenFlags.R_OK | OpenFlags.W_OK);
        expect(Errno.EACCES, () -> fs.access(alice, ino, OpenFlags.X_OK));
        expect(Errno.EACCES, () -> fs.access(ROOT, ino, OpenFlags.X_OK));
        // a directory without write permission refuses new entries
        Attr d = fs.mkdir(ROOT, R, n("ro"), 0555);
        expect(Errno.EACCES, () -> fs.create(alice, d.ino(), n("x"), 0644, OpenFlags.O_CREAT | OpenFlags.O_WRONLY));
        // and without search permission refuses lookups
        Attr d2 = fs.mkdir(ROOT, R, n("noexec"), 0600);
        writeFile(fs, d2.ino(), "inner", n("x"));
        expect(Errno.EACCES, () -> fs.lookup(alice, d2.ino(), n("inner")));
        // setuid is cleared on chown
        fs.setattr(ROOT, ino, SetAttr.none().withMode(04755));
        assertEquals(0755, fs.setattr(ROOT, ino, SetAttr.none().withOwner(1, 1)).perm());
    }

    @Test
    void stickyDirectory() throws Exception {
        Attr tmp = fs.mkdir(ROOT, R, n("tmp"), 01777);
        Caller alice = Caller.of(1000, 1000);
        Caller bob = Caller.of(1001, 1001);
        FsOperations.Created c = fs.create(alice, tmp.ino(), n("a"), 0644, OpenFlags.O_CREAT | OpenFlags.O_WRONLY);
        fs.release(c.fh());
        expect(Errno.EPERM, () -> fs.unlink(bob, tmp.ino(), n("a")));
        fs.unlink(alice, tmp.ino(), n("a"));
    }

    @Test
    void directoriesAndLinkCounts() throws Exception {
        Attr a = fs.mkdir(ROOT, R, n("a"), 0755);
        assertEquals(2, a.nlink());
        assertEquals(3, fs.getattr(R).nlink());
        Attr b = fs.mkdir(ROOT, a.ino(), n("b"), 0755);
        assertEquals(3, fs.getattr(a.ino()).nlink());
        expect(Errno.EEXIST, () -> fs.mkdir(ROOT, R, n("a"), 0755));
        expect(Errno.ENOTEMPTY, () -> fs.rmdir(ROOT, R, n("a")));
        expect(Errno.ENOTDIR, () -> {
            writeFile(fs, R, "file", n("x"));
            fs.rmdir(ROOT, R, n("file"));
        });
        expect(Errno.EISDIR, () -> fs.unlink(ROOT, R, n("a")));
        expect(Errno.EINVAL, () -> fs.rmdir(ROOT, a.ino(), n(".")));
        expect(Errno.ENOTEMPTY, () -> fs.rmdir(ROOT, a.ino(), n("..")));
        expect(Errno.EEXIST, () -> fs.mkdir(ROOT, R, n(".."), 0755));
        assertEquals(a.ino(), fs.lookup(ROOT, b.ino(), n("..")).ino());
        fs.rmdir(ROOT, a.ino(), n("b"));
        assertEquals(2, fs.getattr(a.ino()).nlink());
        fs.rmdir(ROOT, R, n("a"));
        assertEquals(2, fs.getattr(R).nlink());
        expect(Errno.ENOENT, () -> fs.getattr(a.ino()));
        expect(Errno.EISDIR, () -> fs.open(ROOT, R, OpenFlags.O_WRONLY));
    }

    @Test
    void readdirPagesWithStableCookies() throws Exception {
        Attr d = fs.mkdir(ROOT, R, n("d"), 0755);
        for (int i = 0; i < 50; i++) {
            writeFile(fs, d.ino(), "f" + i, n("x"));
        }
        fs.mkdir(ROOT, d.ino(), n("sub"), 0755);
        List<String> names = new ArrayList<>();
        long off = 0;
        while (true) {
            List<DirEntry> page = fs.readdir(ROOT, d.ino(), off, 7);
            if (page.isEmpty()) {
                break;
            }
            for (DirEntry e : page) {
                names.add(e.nameString());
                off = e.offset();
                if (e.nameString().equals("f10")) {
                    fs.unlink(ROOT, d.ino(), n("f40")); // removing ahead must not disturb the walk
                }
            }
        }
        assertEquals(".", names.get(0));
        assertEquals("..", names.get(1));
        assertEquals(2 + 50 + 1 - 1, names.size());
        assertTrue(names.contains("sub"));
        assertFalse(names.contains("f40"));
        assertEquals(FileType.DIRECTORY, fs.readdir(ROOT, d.ino(), 0, 100).stream()
                .filter(e -> e.nameString().equals("sub")).findFirst().orElseThrow().type());
    }

    @Test
    void readdirPlusGivesTheSameEntriesWithTheirAttributes() throws Exception {
        Attr d = fs.mkdir(ROOT, R, n("dp"), 0755);
        for (int i = 0; i < 12; i++) {
            writeFile(fs, d.ino(), "f" + i, n("x".repeat(i)));
        }
        fs.symlink(ROOT, d.ino(), n("ln"), n("f1"));
        List<DirEntry> plain = fs.readdir(ROOT, d.ino(), 0, 100);
        List<DirEntryPlus> plus = new ArrayList<>();
        long off = 0;
        while (true) { // in pages, as the kernel asks
            List<DirEntryPlus> page = fs.readdirPlus(ROOT, d.ino(), off, 5);
            if (page.isEmpty()) {
                break;
            }
            plus.addAll(page);
            off = page.get(page.size() - 1).entry().offset();
        }
        assertEquals(plain.size(), plus.size());
        for (int i = 0; i < plain.size(); i++) {
            DirEntry e = plus.get(i).entry();
            assertEquals(plain.get(i).nameString(), e.nameString());
            assertEquals(plain.get(i).offset(), e.offset());
            if (e.isDot()) {
                assertNull(plus.get(i).attr());
            } else {
                assertEquals(fs.getattr(e.ino()), plus.get(i).attr());
            }
        }
        assertEquals(7, plus.stream().filter(p -> p.entry().nameString().equals("f7")).findFirst()
                .orElseThrow().attr().size());
        expect(Errno.ENOTDIR, () -> fs.readdirPlus(ROOT, plus.get(2).attr().ino(), 0, 10));
        expect(Errno.EACCES, () -> {
            fs.setattr(ROOT, d.ino(), SetAttr.none().withMode(0700));
            fs.readdirPlus(Caller.of(5, 5), d.ino(), 0, 10);
        });
    }

    @Test
    void symlinks() throws Exception {
        Attr s = fs.symlink(ROOT, R, n("ln"), n("target/with spaces"));
        assertEquals(FileType.SYMLINK, s.type());
        assertEquals(18, s.size());
        assertArrayEquals(n("target/with spaces"), fs.readlink(ROOT, s.ino()));
        expect(Errno.EINVAL, () -> fs.readlink(ROOT, R));
        expect(Errno.ENOENT, () -> fs.symlink(ROOT, R, n("e"), new byte[0]));
        expect(Errno.ENAMETOOLONG, () -> fs.symlink(ROOT, R, n("e"), new byte[4096]));
        // path resolution follows symlinks in the middle, ELOOP for loops
        Attr d = fs.mkdir(ROOT, R, n("real"), 0755);
        writeFile(fs, d.ino(), "f", n("x"));
        fs.symlink(ROOT, R, n("alias"), n("real"));
        FsPaths paths = vol.paths();
        assertEquals(fs.lookup(ROOT, d.ino(), n("f")).ino(), paths.resolve(ROOT, "/alias/f").ino());
        fs.symlink(ROOT, R, n("loop1"), n("loop2"));
        fs.symlink(ROOT, R, n("loop2"), n("loop1"));
        expect(Errno.ELOOP, () -> paths.resolve(ROOT, "/loop1/x"));
        expect(Errno.ENOTDIR, () -> paths.resolve(ROOT, "/real/f/x"));
    }

    @Test
    void hardLinks() throws Exception {
        long ino = writeFile(fs, R, "a", n("shared"));
        Attr l = fs.link(ROOT, ino, R, n("b"));
        assertEquals(2, l.nlink());
        expect(Errno.EEXIST, () -> fs.link(ROOT, ino, R, n("a")));
        expect(Errno.EPERM, () -> fs.link(ROOT, R, R, n("rootlink")));
        fs.unlink(ROOT, R, n("a"));
        assertEquals(1, fs.getattr(ino).nlink());
        assertArrayEquals(n("shared"), readAll(fs, fs.lookup(ROOT, R, n("b")).ino()));
    }

    @Test
    void mknodSpecialFiles() throws Exception {
        Attr fifo = fs.mknod(ROOT, R, n("fifo"), FileType.FIFO, 0644, 0);
        assertEquals(FileType.FIFO, fifo.type());
        Attr sock = fs.mknod(ROOT, R, n("sock"), FileType.SOCKET, 0644, 0);
        assertEquals(FileType.SOCKET, sock.type());
        Attr dev = fs.mknod(ROOT, R, n("null"), FileType.CHAR_DEVICE, 0666, (1L << 8) | 3);
        assertEquals((1L << 8) | 3, dev.rdev());
        Attr blk = fs.mknod(ROOT, R, n("blk"), FileType.BLOCK_DEVICE, 0660, 8 << 8);
        assertEquals(FileType.BLOCK_DEVICE, fs.getattr(blk.ino()).type());
        expect(Errno.EPERM, () -> fs.mknod(Caller.of(1000, 1000), R, n("d2"), FileType.CHAR_DEVICE, 0666, 1));
        expect(Errno.EINVAL, () -> fs.mknod(ROOT, R, n("x"), FileType.DIRECTORY, 0755, 0));
        expect(Errno.EEXIST, () -> fs.mknod(ROOT, R, n("fifo"), FileType.FIFO, 0644, 0));
    }

    @Test
    void renameSemantics() throws Exception {
        long a = writeFile(fs, R, "a", n("AAA"));
        long b = writeFile(fs, R, "b", n("BBBBB"));
        fs.rename(ROOT, R, n("a"), R, n("b"), 0); // over an existing file
        assertEquals(a, fs.lookup(ROOT, R, n("b")).ino());
        expect(Errno.ENOENT, () -> fs.lookup(ROOT, R, n("a")));
        expect(Errno.ENOENT, () -> fs.getattr(b));
        Attr d1 = fs.mkdir(ROOT, R, n("d1"), 0755);
        Attr d2 = fs.mkdir(ROOT, R, n("d2"), 0755);
        Attr sub = fs.mkdir(ROOT, d1.ino(), n("sub"), 0755);
        expect(Errno.EINVAL, () -> fs.rename(ROOT, R, n("d1"), sub.ino(), n("x"), 0)); // into its own subtree
        expect(Errno.EINVAL, () -> fs.rename(ROOT, R, n("d1"), d1.ino(), n("x"), 0));
        expect(Errno.EISDIR, () -> fs.rename(ROOT, R, n("b"), R, n("d2"), 0));
        expect(Errno.ENOTDIR, () -> fs.rename(ROOT, R, n("d2"), R, n("b"), 0));
        expect(Errno.ENOTEMPTY, () -> fs.rename(ROOT, R, n("d2"), R, n("d1"), 0)); // d1 holds sub
        expect(Errno.ENOENT, () -> fs.rename(ROOT, R, n("missing"), R, n("x"), 0));
        expect(Errno.EEXIST, () -> fs.rename(ROOT, R, n("b"), R, n("d1"), OpenFlags.RENAME_NOREPLACE));
        // a directory over an empty directory, across parents: link counts follow
        Attr empty = fs.mkdir(ROOT, d2.ino(), n("empty"), 0755);
        assertEquals(3, fs.getattr(d2.ino()).nlink());
        fs.rename(ROOT, d1.ino(), n("sub"), d2.ino(), n("empty"), 0);
        expect(Errno.ENOENT, () -> fs.getattr(empty.ino()));
        assertEquals(sub.ino(), fs.lookup(ROOT, d2.ino(), n("empty")).ino());
        assertEquals(2, fs.getattr(d1.ino()).nlink());
        assertEquals(3, fs.getattr(d2.ino()).nlink());
        assertEquals(d2.ino(), fs.lookup(ROOT, sub.ino(), n("..")).ino());
        // exchange
        long c = writeFile(fs, R, "c", n("C"));
        fs.rename(ROOT, R, n("b"), R, n("c"), OpenFlags.RENAME_EXCHANGE);
        assertEquals(c, fs.lookup(ROOT, R, n("b")).ino());
        assertEquals(a, fs.lookup(ROOT, R, n("c")).ino());
        // rename onto another link of the same inode does nothing
        fs.link(ROOT, a, R, n("c2"));
        fs.rename(ROOT, R, n("c"), R, n("c2"), 0);
        assertEquals(a, fs.lookup(ROOT, R, n("c")).ino());
        assertEquals(2, fs.getattr(a).nlink());
    }

    @Test
    void unlinkOfOpenFileKeepsItReadable() throws Exception {
        FsOperations.Created c = fs.create(ROOT, R, n("open"), 0644, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        byte[] data = new byte[200_000];
        new Random(1).nextBytes(data);
        fs.write(c.fh(), 0, data, 0, data.length);
        fs.unlink(ROOT, R, n("open"));
        expect(Errno.ENOENT, () -> fs.lookup(ROOT, R, n("open")));
        assertEquals(0, fs.getattr(c.attr().ino()).nlink());
        byte[] back = new byte[data.length];
        assertEquals(data.length, fs.read(c.fh(), 0, back, 0, back.length));
        assertArrayEquals(data, back);
        fs.write(c.fh(), data.length, data, 0, 10); // still writable
        fs.release(c.fh());
        expect(Errno.ENOENT, () -> fs.getattr(c.attr().ino()));
    }

    @Test
    void aDeletedFileIsGoneForEveryCallAndItsAttributesWithIt() throws Exception {
        long tagged = writeFile(fs, R, "tagged", n("with an attribute"));
        fs.setxattr(ROOT, tagged, "user.k", n("v"), 0);
        long bare = writeFile(fs, R, "bare", n("without"));
        fs.unlink(ROOT, R, n("tagged"));
        fs.unlink(ROOT, R, n("bare"));
        for (long ino : new long[] {tagged, bare}) {
            // what the kernel's writeback cache sends right after every unlink: the file's times
            expect(Errno.ENOENT, () -> fs.setattr(ROOT, ino, SetAttr.none().withTimes(1_000, 2_000)));
            expect(Errno.ENOENT, () -> fs.getattr(ino));
            expect(Errno.ENOENT, () -> fs.getxattr(ROOT, ino, "user.k"));
        }
        // its attribute rows go with its purge, deferred until removals pause (DeferredPurges)
        FsTestSupport.awaitCount(vol, "SELECT count(*) FROM xattr WHERE ino = " + tagged, 0);
        // a file replaced by a rename goes the same way
        long kept = writeFile(fs, R, "kept", n("stays"));
        long over = writeFile(fs, R, "over", n("replaced"));
        fs.rename(ROOT, R, n("kept"), R, n("over"), 0);
        expect(Errno.ENOENT, () -> fs.getattr(over));
        assertArrayEquals(n("stays"), readAll(fs, fs.lookup(ROOT, R, n("over")).ino()));
        assertEquals(kept, fs.lookup(ROOT, R, n("over")).ino());
        // from the tables alone (nothing cached after a reopen): the same answers
        vol.close();
        vol = FsVolume.open(VolumeOptions.defaults(dir).withBlockSize(64 * 1024).withCache(64L << 20, 0), null);
        fs = vol.fs();
        for (long ino : new long[] {tagged, bare, over}) {
            expect(Errno.ENOENT, () -> fs.setattr(ROOT, ino, SetAttr.none().withTimes(1_000, 2_000)));
            expect(Errno.ENOENT, () -> fs.getattr(ino));
        }
        assertEquals(n("stays").length, fs.getattr(kept).size());
    }

    @Test
    void truncateDropsDataAndSparseFiles() throws Exception {
        FsOperations.Created c = fs.create(ROOT, R, n("s"), 0644, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        byte[] ones = new byte[100_000];
        java.util.Arrays.fill(ones, (byte) 1);
        fs.write(c.fh(), 0, ones, 0, ones.length);
        fs.setattr(ROOT, c.attr().ino(), SetAttr.none().withSize(10));
        fs.setattr(ROOT, c.attr().ino(), SetAttr.none().withSize(100_000));
        byte[] back = new byte[100_000];
        fs.read(c.fh(), 0, back, 0, back.length);
        for (int i = 0; i < back.length; i++) {
            assertEquals(i < 10 ? 1 : 0, back[i], "byte " + i);
        }
        // sparse: a write far out leaves a hole that holds no blocks
        long far = 10L << 30;
        fs.write(c.fh(), far, ones, 0, 5);
        Attr a = fs.getattr(c.attr().ino());
        assertEquals(far + 5, a.size());
        assertTrue(a.blocks() * 512 < 1 << 20, "hole holds nothing: " + a.blocks());
        byte[] mid = new byte[4096];
        assertEquals(4096, fs.read(c.fh(), 5L << 30, mid, 0, 4096));
        assertArrayEquals(new byte[4096], mid);
        expect(Errno.EISDIR, () -> fs.setattr(ROOT, R, SetAttr.none().withSize(0)));
        // O_TRUNC
        fs.release(c.fh());
        long fh = fs.open(ROOT, c.attr().ino(), OpenFlags.O_WRONLY | OpenFlags.O_TRUNC);
        assertEquals(0, fs.getattr(c.attr().ino()).size());
        fs.release(fh);
    }

    @Test
    void randomWritesInsideLargeFile() throws Exception {
        int size = 5 * 64 * 1024 + 777;
        byte[] model = new byte[size];
        new Random(2).nextBytes(model);
        FsOperations.Created c = fs.create(ROOT, R, n("big"), 0644, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        fs.write(c.fh(), 0, model, 0, size);
        Random r = new Random(3);
        for (int i = 0; i < 200; i++) {
            int off = r.nextInt(size);
            int len = 1 + r.nextInt(Math.min(100_000, size - off));
            byte[] d = new byte[len];
            r.nextBytes(d);
            fs.write(c.fh(), off, d, 0, len);
            System.arraycopy(d, 0, model, off, len);
        }
        fs.release(c.fh());
        assertArrayEquals(model, readAll(fs, c.attr().ino()));
    }

    @Test
    void appendAndFallocate() throws Exception {
        FsOperations.Created c = fs.create(ROOT, R, n("ap"), 0644, OpenFlags.O_WRONLY | OpenFlags.O_CREAT
                | OpenFlags.O_APPEND);
        fs.write(c.fh(), 0, n("one"), 0, 3);
        fs.write(c.fh(), 0, n("two"), 0, 3);
        fs.release(c.fh());
        assertArrayEquals(n("onetwo"), readAll(fs, c.attr().ino()));
        long fh = fs.open(ROOT, c.attr().ino(), OpenFlags.O_RDWR);
        fs.fallocate(fh, 0, 0, 1000);
        assertEquals(1000, fs.getattr(c.attr().ino()).size());
        fs.fallocate(fh, OpenFlags.FALLOC_FL_KEEP_SIZE, 0, 5000);
        assertEquals(1000, fs.getattr(c.attr().ino()).size());
        fs.fallocate(fh, OpenFlags.FALLOC_FL_PUNCH_HOLE | OpenFlags.FALLOC_FL_KEEP_SIZE, 1, 2);
        byte[] b = new byte[6];
        fs.read(fh, 0, b, 0, 6);
        assertArrayEquals(new byte[] {'o', 0, 0, 't', 'w', 'o'}, b);
        expect(Errno.ENOTSUP, () -> fs.fallocate(fh, 64, 0, 1));
        expect(Errno.EINVAL, () -> fs.fallocate(fh, 0, 0, 0));
        fs.release(fh);
        expect(Errno.EBADF, () -> fs.release(fh));
    }

    @Test
    void xattrs() throws Exception {
        long ino = writeFile(fs, R, "x", n("x"));
        fs.setxattr(ROOT, ino, "user.k", n("v1"), 0);
        assertArrayEquals(n("v1"), fs.getxattr(ROOT, ino, "user.k"));
        expect(Errno.EEXIST, () -> fs.setxattr(ROOT, ino, "user.k", n("v2"), OpenFlags.XATTR_CREATE));
        expect(Errno.ENODATA, () -> fs.setxattr(ROOT, ino, "user.new", n("v2"), OpenFlags.XATTR_REPLACE));
        fs.setxattr(ROOT, ino, "user.k", n("v2"), OpenFlags.XATTR_REPLACE);
        fs.setxattr(ROOT, ino, "user.empty", new byte[0], 0);
        assertEquals(List.of("user.empty", "user.k"), fs.listxattr(ROOT, ino));
        fs.removexattr(ROOT, ino, "user.k");
        expect(Errno.ENODATA, () -> fs.getxattr(ROOT, ino, "user.k"));
        expect(Errno.ENODATA, () -> fs.removexattr(ROOT, ino, "user.k"));
        expect(Errno.ENOTSUP, () -> fs.setxattr(ROOT, ino, "bogus.k", n("v"), 0));
        expect(Errno.ERANGE, () -> fs.setxattr(ROOT, ino, "user." + "x".repeat(300), n("v"), 0));
        expect(Errno.EPERM, () -> fs.setxattr(Caller.of(5, 5), ino, "trusted.k", n("v"), 0));
        // not kept: ACLs would be stored and never enforced; SELinux labels FUSE by policy
        expect(Errno.ENOTSUP, () -> fs.setxattr(ROOT, ino, "system.posix_acl_access", n("v"), 0));
        expect(Errno.ENOTSUP, () -> fs.getxattr(ROOT, ino, "system.posix_acl_access"));
        expect(Errno.ENOTSUP, () -> fs.getxattr(ROOT, ino, "security.selinux"));
        expect(Errno.ENOTSUP, () -> fs.setxattr(ROOT, ino, "security.selinux", n("l"), 0));
        fs.setxattr(ROOT, ino, "security.capability", n("c"), 0);
        assertArrayEquals(n("c"), fs.getxattr(ROOT, ino, "security.capability"));
        expect(Errno.EPERM, () -> fs.setxattr(Caller.of(5, 5), ino, "security.capability", n("c"), 0));

        // a file without any attribute (answered without the volume lock): the same answers
        long bare = writeFile(fs, R, "bare", n("x"));
        expect(Errno.ENODATA, () -> fs.getxattr(ROOT, bare, "security.capability"));
        expect(Errno.ENODATA, () -> fs.getxattr(ROOT, bare, "user.k"));
        expect(Errno.EPERM, () -> fs.getxattr(Caller.of(5, 5), bare, "trusted.k"));
        fs.setattr(ROOT, bare, SetAttr.none().withMode(0600));
        expect(Errno.EACCES, () -> fs.getxattr(Caller.of(5, 5), bare, "user.k"));
        expect(Errno.ENOENT, () -> fs.getxattr(ROOT, 987_654_321L, "user.k"));
        fs.setxattr(ROOT, bare, "user.now", n("set"), 0);
        assertArrayEquals(n("set"), fs.getxattr(ROOT, bare, "user.now"));
        expect(Errno.ENODATA, () -> fs.getxattr(ROOT, bare, "user.other"));
    }

    @Test
    void namesWithEveryLegalByte() throws Exception {
        byte[] name = new byte[253];
        int k = 0;
        for (int b = 1; b < 256 && k < name.length; b++) {
            if (b != '/') {
                name[k++] = (byte) b;
            }
        }
        long ino = writeFile(fs, R, "tmp", n("x"));
        fs.rename(ROOT, R, n("tmp"), R, name, 0);
        assertEquals(ino, fs.lookup(ROOT, R, name).ino());
        byte[] utf = n("naïve ünïcödé 名前 with spaces\nand newline");
        writeFile(fs, R, new String(utf, java.nio.charset.StandardCharsets.UTF_8), n("y"));
        assertEquals(1, fs.getattr(fs.lookup(ROOT, R, utf).ino()).size());
        byte[] max = new byte[255];
        java.util.Arrays.fill(max, (byte) 'm');
        fs.mkdir(ROOT, R, max, 0755);
        byte[] tooLong = new byte[256];
        java.util.Arrays.fill(tooLong, (byte) 'm');
        expect(Errno.ENAMETOOLONG, () -> fs.mkdir(ROOT, R, tooLong, 0755));
        expect(Errno.EINVAL, () -> fs.mkdir(ROOT, R, n("a/b"), 0755));
        expect(Errno.EINVAL, () -> fs.mkdir(ROOT, R, new byte[] {'a', 0}, 0755));
        boolean found = false;
        for (DirEntry e : fs.readdir(ROOT, R, 0, 100)) {
            found |= java.util.Arrays.equals(e.name(), name);
        }
        assertTrue(found);
    }

    @Test
    void deepPaths() throws Exception {
        long cur = R;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            cur = fs.mkdir(ROOT, cur, n("level" + i), 0755).ino();
            path.append("/level").append(i);
        }
        writeFile(fs, cur, "leaf", n("deep"));
        assertArrayEquals(n("deep"), readAll(fs, vol.paths().resolve(ROOT, path + "/leaf").ino()));
        expect(Errno.EINVAL, () -> fs.rename(ROOT, R, n("level0"), fs.lookup(ROOT, R, n("level0")).ino() + 199,
                n("x"), 0));
    }

    @Test
    void statfsAndAccess() throws Exception {
        StatFs s = fs.statfs();
        assertEquals(255, s.maxNameLength());
        assertTrue(s.totalBlocks() > 0 && s.freeBlocks() <= s.totalBlocks());
        expect(Errno.ENOENT, () -> fs.access(ROOT, 9999, OpenFlags.F_OK));
    }

    @Test
    void stateSurvivesReopen() throws Exception {
        long ino = writeFile(fs, R, "keep", n("persisted"));
        fs.setxattr(ROOT, ino, "user.a", n("b"), 0);
        vol.close();
        vol = FsVolume.open(VolumeOptions.defaults(dir).withBlockSize(64 * 1024).withCache(64L << 20, 0), null);
        fs = vol.fs();
        assertArrayEquals(n("persisted"), readAll(fs, fs.lookup(ROOT, R, n("keep")).ino()));
        assertArrayEquals(n("b"), fs.getxattr(ROOT, ino, "user.a"));
        long next = writeFile(fs, R, "new", n("x"));
        assertTrue(next > ino, "inode numbers are not reused");
    }
}
