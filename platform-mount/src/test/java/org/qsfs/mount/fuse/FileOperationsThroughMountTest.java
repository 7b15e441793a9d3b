package org.qsfs.mount.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.mount.testing.MountedDemo;
import org.qsfs.mount.testing.Sh;

/** Renames, links, attributes, truncate/append, random writes, a sparse 5 GiB file, odd names, df. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class FileOperationsThroughMountTest {
    @TempDir
    static Path dir;
    protected MountedDemo m;

    @BeforeAll
    void mount() throws Exception {
        m = start(dir);
    }

    /** Mounts the demo volume under test (a subclass may prepare the kernel first). */
    protected MountedDemo start(Path dir) throws Exception {
        return MountedDemo.start(dir, org.qsfs.mount.MountRequest.at(dir.resolve("mnt").toString()), service());
    }

    /** The mount service under test (a subclass runs the same tests with another). */
    String service() {
        return MountedDemo.service();
    }

    @AfterAll
    void unmount() throws Exception {
        if (m != null) {
            m.close();
        }
    }

    @Test
    void renameAndMoveAcrossDirectories() throws Exception {
        Path a = Files.createDirectories(m.path("ren/a"));
        Path b = Files.createDirectories(m.path("ren/b"));
        Files.writeString(a.resolve("f"), "one");
        Files.move(a.resolve("f"), b.resolve("g"));
        assertFalse(Files.exists(a.resolve("f")));
        assertEquals("one", Files.readString(b.resolve("g")));
        Files.writeString(a.resolve("over"), "two");
        Sh.ok(null, "mv", "-f", a.resolve("over").toString(), b.resolve("g").toString());
        assertEquals("two", Files.readString(b.resolve("g")));
        Files.createDirectories(a.resolve("sub/deeper"));
        Files.writeString(a.resolve("sub/deeper/x"), "x");
        Sh.ok(null, "mv", a.resolve("sub").toString(), b.resolve("moved").toString());
        assertEquals("x", Files.readString(b.resolve("moved/deeper/x")));
        assertFalse(Files.exists(a.resolve("sub")));
        // a directory renamed back and forth keeps its contents reachable through both old and new paths' caches
        Sh.ok(null, "mv", b.resolve("moved").toString(), a.resolve("sub").toString());
        assertEquals("x", Files.readString(a.resolve("sub/deeper/x")));
        assertFalse(Files.exists(b.resolve("moved/deeper/x")));
    }

    @Test
    void symlinksAndHardLinks() throws Exception {
        Path d = Files.createDirectories(m.path("links"));
        Files.writeString(d.resolve("target"), "content");
        Files.createSymbolicLink(d.resolve("sym"), Path.of("target"));
        assertEquals(Path.of("target"), Files.readSymbolicLink(d.resolve("sym")));
        assertEquals("content", Files.readString(d.resolve("sym")));
        Files.createSymbolicLink(d.resolve("dangling"), Path.of("nowhere/at/all"));
        assertTrue(Files.isSymbolicLink(d.resolve("dangling")));
        assertFalse(Files.exists(d.resolve("dangling")));
        Files.createLink(d.resolve("hard"), d.resolve("target"));
        assertEquals(2, (int) Files.getAttribute(d.resolve("target"), "unix:nlink"));
        assertEquals(Files.getAttribute(d.resolve("target"), "unix:ino"), Files.getAttribute(d.resolve("hard"), "unix:ino"));
        Files.writeString(d.resolve("hard"), "changed");
        assertEquals("changed", Files.readString(d.resolve("target")));
        Files.delete(d.resolve("target"));
        assertEquals("changed", Files.readString(d.resolve("hard")));
        assertEquals(1, (int) Files.getAttribute(d.resolve("hard"), "unix:nlink"));
    }

    @Test
    void chmodChownAndUtime() throws Exception {
        Path f = m.path("attrs.txt");
        Files.writeString(f, "x");
        Sh.ok(null, "chmod", "0640", f.toString());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Sh.ok(null, "chmod", "u+s,g+s", f.toString());
        assertEquals(06640, (int) Files.getAttribute(f, "unix:mode") & 07777);
        Sh.ok(null, "chown", "1234:4321", f.toString());
        assertEquals(1234, (int) Files.getAttribute(f, "unix:uid"));
        assertEquals(4321, (int) Files.getAttribute(f, "unix:gid"));
        Sh.ok(null, "chown", "4000000000:4000000001", f.toString());
        assertEquals("4000000000 4000000001", Sh.ok(null, "stat", "-c", "%u %g", f.toString()).trim());
        Sh.ok(null, "touch", "-d", "2001-02-03 04:05:06.123456789 UTC", f.toString());
        assertEquals("2001-02-03 04:05:06.123456789 +0000",
                Sh.ok(null, "env", "TZ=UTC", "stat", "-c", "%y", f.toString()).trim());
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_500_000_000_000L));
        assertEquals(1_500_000_000_000L, Files.getLastModifiedTime(f).toMillis());
        Sh.ok(null, "touch", "-a", "-d", "@1000000000", f.toString());
        assertEquals("1000000000", Sh.ok(null, "stat", "-c", "%X", f.toString()).trim());
        assertEquals(1_500_000_000_000L, Files.getLastModifiedTime(f).toMillis(), "touch -a kept mtime");
    }

    @Test
    void truncateAndAppend() throws Exception {
        Path f = m.path("ta.txt");
        Files.writeString(f, "0123456789");
        Files.writeString(f, "abc", StandardOpenOption.APPEND);
        assertEquals("0123456789abc", Files.readString(f));
        Sh.ok(null, "truncate", "-s", "4", f.toString());
        assertEquals("0123", Files.readString(f));
        Sh.ok(null, "truncate", "-s", "8", f.toString());
        assertArrayEquals(new byte[] {'0', '1', '2', '3', 0, 0, 0, 0}, Files.readAllBytes(f));
        Sh.bash(dir, "echo -n more >> '" + f + "'");
        assertEquals(12, Files.size(f));
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(2);
        }
        assertEquals("01", Files.readString(f));
        Files.writeString(f, "new", StandardOpenOption.TRUNCATE_EXISTING);
        assertEquals("new", Files.readString(f));
    }

    @Test
    void randomOffsetWritesMatchAModelFile() throws Exception {
        int size = 3 * 1024 * 1024 + 333;
        byte[] model = new byte[size];
        Random r = new Random(5);
        Path f = m.path("random.bin");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(size);
            for (int i = 0; i < 400; i++) {
                int off = r.nextInt(size);
                int len = Math.min(size - off, 1 + r.nextInt(i % 10 == 0 ? 300_000 : 5000));
                byte[] chunk = new byte[len];
                r.nextBytes(chunk);
                System.arraycopy(chunk, 0, model, off, len);
                raf.seek(off);
                raf.write(chunk);
                if (i % 50 == 0) {
                    byte[] back = new byte[len];
                    raf.seek(off);
                    raf.readFully(back);
                    assertArrayEquals(chunk, back);
                }
            }
        }
        assertArrayEquals(model, Files.readAllBytes(f));
        // the same with dd conv=notrunc from the shell
        Sh.ok(null, "dd", "if=/dev/zero", "of=" + f, "bs=1", "seek=1000", "count=10", "conv=notrunc", "status=none");
        java.util.Arrays.fill(model, 1000, 1010, (byte) 0);
        assertArrayEquals(model, Files.readAllBytes(f));
    }

    @Test
    void aSparseFileBeyondFourGiB() throws Exception {
        Path f = m.path("sparse.img");
        long at = 5L << 30;
        byte[] tail = "the end of a five gibibyte file".getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(tail), at);
            ch.write(ByteBuffer.wrap(new byte[] {7}), (4L << 30) + 5);
        }
        assertEquals(at + tail.length, Files.size(f));
        long blocks = Long.parseLong(Sh.ok(null, "stat", "-c", "%b", f.toString()).trim());
        assertTrue(blocks * 512 < 64L << 20, "a sparse file uses " + blocks + " blocks");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(tail.length);
            ch.read(b, at);
            assertArrayEquals(tail, b.array());
            ByteBuffer hole = ByteBuffer.allocate(4096);
            ch.read(hole, 3L << 30);
            assertArrayEquals(new byte[4096], hole.array());
            ByteBuffer one = ByteBuffer.allocate(3);
            ch.read(one, (4L << 30) + 4);
            assertArrayEquals(new byte[] {0, 7, 0}, one.array());
        }
        String dd = Sh.ok(null, "dd", "if=" + f, "bs=1", "skip=" + at, "count=" + tail.length, "status=none");
        assertEquals(new String(tail, StandardCharsets.UTF_8), dd);
    }

    @Test
    void unicodeAndLongNames() throws Exception {
        Path d = Files.createDirectories(m.path("names"));
        String[] names = {"héllo wörld.txt", "日本語のファイル名.md", "emoji 😀🚀.bin", "tab\tand newline\nname",
                "a".repeat(255), "é".repeat(127), " leading and trailing ", "-dash", "#hash;semi&amp"};
        for (String n : names) {
            Files.writeString(d.resolve(n), n);
        }
        for (String n : names) {
            assertEquals(n, Files.readString(d.resolve(n)), n);
        }
        try (var s = Files.list(d)) {
            assertEquals(java.util.Set.of(names), s.map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet()));
        }
        var tooLong = Sh.run(d, "touch", "b".repeat(256));
        assertTrue(tooLong.out().contains("File name too long"), tooLong.out());
        Path deep = d;
        for (int i = 0; i < 40; i++) {
            deep = deep.resolve("level-" + i + "-" + "x".repeat(60));
        }
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("leaf"), "deep");
        assertEquals("deep", Files.readString(deep.resolve("leaf")));
    }

    @Test
    void dfShowsTheVolumesCapacity() throws Exception {
        String[] df = Sh.ok(null, "df", "-B1", "--output=source,fstype,size,avail", m.root().toString())
                .trim().split("\n")[1].trim().split("\\s+");
        assertEquals("qsfs", df[0]);
        assertEquals("fuse.qsfs", df[1]);
        long size = Long.parseLong(df[2]);
        var st = m.volume().fs().statfs();
        assertEquals(st.totalBlocks() * st.blockSize(), size);
        assertTrue(size >= 1L << 40, "capacity " + size);
        assertTrue(Long.parseLong(df[3]) > 0);
        String inodes = Sh.ok(null, "df", "-i", m.root().toString());
        assertTrue(inodes.contains("qsfs"), inodes);
    }
}
