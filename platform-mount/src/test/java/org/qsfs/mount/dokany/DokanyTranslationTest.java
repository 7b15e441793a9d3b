package org.qsfs.mount.dokany;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.Caller;
import org.qsfs.mount.testing.DemoVolume;

/**
 * The Dokany callback table called directly, as dokan2.dll would, with native memory for
 * its arguments (UTF-16 names, DOKAN_FILE_INFO, output buffers), against the real volume.
 */
class DokanyTranslationTest {
    static final int GENERIC_READ = 0x80000000;
    static final int GENERIC_WRITE = 0x40000000;

    @TempDir
    Path dir;
    DemoVolume volume;
    DokanOperations ops;

    @BeforeEach
    void open() throws Exception {
        volume = DemoVolume.start(dir);
        ops = new DokanyFileSystem(volume.fs(), Caller.ROOT, "QSFS").operations();
    }

    @AfterEach
    void close() {
        volume.close();
    }

    static Pointer w(String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_16LE);
        Memory m = new Memory(b.length);
        m.write(0, b, 0, b.length);
        return m;
    }

    int create(String path, int access, int disposition, int options, DokanFileInfo info) {
        return ops.ZwCreateFile.invoke(w(path), null, access, 0, 7, disposition, options, info);
    }

    void close(String path, DokanFileInfo info) {
        ops.Cleanup.invoke(w(path), info);
        ops.CloseFile.invoke(w(path), info);
    }

    byte[] readAll(String path) {
        DokanFileInfo info = new DokanFileInfo();
        assertEquals(NtStatus.SUCCESS, create(path, GENERIC_READ, DokanyFileSystem.FILE_OPEN, 0, info));
        Memory stat = new Memory(WinFileInfo.BY_HANDLE_SIZE);
        assertEquals(NtStatus.SUCCESS, ops.GetFileInformation.invoke(w(path), stat, info));
        int size = stat.getInt(36);
        Memory buf = new Memory(Math.max(1, size));
        Memory n = new Memory(4);
        assertEquals(NtStatus.SUCCESS, ops.ReadFile.invoke(w(path), buf, size, n, 0, info));
        close(path, info);
        return buf.getByteArray(0, n.getInt(0));
    }

    @Test
    void createWriteReadListRenameAndDelete() {
        DokanFileInfo d = new DokanFileInfo();
        assertEquals(NtStatus.SUCCESS, create("\\Docs", GENERIC_READ, DokanyFileSystem.FILE_CREATE,
                DokanyFileSystem.FILE_DIRECTORY_FILE, d));
        assertEquals(1, d.IsDirectory);
        close("\\Docs", d);

        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        DokanFileInfo f = new DokanFileInfo();
        assertEquals(NtStatus.SUCCESS, create("\\Docs\\Report é.txt", GENERIC_READ | GENERIC_WRITE,
                DokanyFileSystem.FILE_CREATE, DokanyFileSystem.FILE_NON_DIRECTORY_FILE, f));
        Memory buf = new Memory(data.length);
        buf.write(0, data, 0, data.length);
        Memory written = new Memory(4);
        assertEquals(NtStatus.SUCCESS, ops.WriteFile.invoke(w("\\Docs\\Report é.txt"), buf, data.length, written, 0, f));
        assertEquals(data.length, written.getInt(0));
        assertEquals(NtStatus.SUCCESS, ops.FlushFileBuffers.invoke(w("\\Docs\\Report é.txt"), f));
        close("\\Docs\\Report é.txt", f);
        assertArrayEquals(data, readAll("\\Docs\\Report é.txt"));

        // FindFiles lists it with its size; "." and ".." in a subdirectory
        List<String> names = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        DokanFileInfo dirInfo = new DokanFileInfo();
        create("\\Docs", GENERIC_READ, DokanyFileSystem.FILE_OPEN, 0, dirInfo);
        assertEquals(NtStatus.SUCCESS, ops.FindFiles.invoke(w("\\Docs"), (p, i) -> {
            byte[] nameBytes = p.getByteArray(WinFileInfo.FIND_DATA_NAME_OFFSET, 520);
            String n = new String(nameBytes, StandardCharsets.UTF_16LE);
            names.add(n.substring(0, n.indexOf('\0')));
            sizes.add(((long) p.getInt(28) << 32) | (p.getInt(32) & 0xffffffffL));
            return 0;
        }, dirInfo));
        close("\\Docs", dirInfo);
        assertEquals(List.of(".", "..", "Report é.txt"), names);
        assertEquals(data.length, (long) sizes.get(2));

        // MoveFile without replace onto an existing name: collision; with replace: done
        DokanFileInfo other = new DokanFileInfo();
        create("\\other.txt", GENERIC_WRITE, DokanyFileSystem.FILE_CREATE, 0, other);
        close("\\other.txt", other);
        DokanFileInfo mv = new DokanFileInfo();
        create("\\other.txt", GENERIC_READ, DokanyFileSystem.FILE_OPEN, 0, mv);
        assertEquals(NtStatus.OBJECT_NAME_COLLISION, ops.MoveFile.invoke(w("\\other.txt"), w("\\Docs\\Report é.txt"),
                false, mv));
        assertEquals(NtStatus.SUCCESS, ops.MoveFile.invoke(w("\\other.txt"), w("\\Docs\\renamed.txt"), false, mv));
        close("\\Docs\\renamed.txt", mv);

        // delete: DeleteDirectory refuses a non-empty folder; a file goes at Cleanup with DeletePending
        assertEquals(NtStatus.DIRECTORY_NOT_EMPTY, ops.DeleteDirectory.invoke(w("\\Docs"), new DokanFileInfo()));
        for (String n : new String[] {"\\Docs\\renamed.txt", "\\Docs\\Report é.txt"}) {
            DokanFileInfo del = new DokanFileInfo();
            create(n, 0x10000, DokanyFileSystem.FILE_OPEN, 0, del);
            assertEquals(NtStatus.SUCCESS, ops.DeleteFile.invoke(w(n), del));
            del.DeletePending = 1;
            close(n, del);
        }
        DokanFileInfo rd = new DokanFileInfo();
        create("\\Docs", 0x10000, DokanyFileSystem.FILE_OPEN, 0, rd);
        assertEquals(NtStatus.SUCCESS, ops.DeleteDirectory.invoke(w("\\Docs"), rd));
        rd.DeletePending = 1;
        close("\\Docs", rd);
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, create("\\Docs", GENERIC_READ, DokanyFileSystem.FILE_OPEN, 0,
                new DokanFileInfo()));
    }

    @Test
    void dispositionsAndErrorsMapToNtStatus() {
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, create("\\missing", GENERIC_READ, DokanyFileSystem.FILE_OPEN, 0,
                new DokanFileInfo()));
        assertEquals(NtStatus.OBJECT_PATH_NOT_FOUND, create("\\no\\such\\dir\\f", GENERIC_WRITE,
                DokanyFileSystem.FILE_CREATE, 0, new DokanFileInfo()));
        DokanFileInfo a = new DokanFileInfo();
        assertEquals(NtStatus.SUCCESS, create("\\f", GENERIC_WRITE, DokanyFileSystem.FILE_OPEN_IF, 0, a));
        Memory buf = new Memory(5);
        buf.write(0, "hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
        ops.WriteFile.invoke(w("\\f"), buf, 5, new Memory(4), 0, a);
        close("\\f", a);
        DokanFileInfo b = new DokanFileInfo();
        assertEquals(NtStatus.OBJECT_NAME_COLLISION, create("\\f", GENERIC_WRITE, DokanyFileSystem.FILE_OPEN_IF, 0, b));
        close("\\f", b);
        assertEquals("hello", new String(readAll("\\f"), StandardCharsets.US_ASCII));
        DokanFileInfo c = new DokanFileInfo();
        assertEquals(NtStatus.OBJECT_NAME_COLLISION, create("\\f", GENERIC_WRITE, DokanyFileSystem.FILE_OVERWRITE_IF,
                0, c));
        close("\\f", c);
        assertEquals(0, readAll("\\f").length, "overwrite truncated");
        assertEquals(NtStatus.OBJECT_NAME_COLLISION, create("\\f", GENERIC_WRITE, DokanyFileSystem.FILE_CREATE, 0,
                new DokanFileInfo()));
        assertEquals(NtStatus.NOT_A_DIRECTORY, create("\\f", GENERIC_READ, DokanyFileSystem.FILE_OPEN,
                DokanyFileSystem.FILE_DIRECTORY_FILE, new DokanFileInfo()));
        assertEquals(NtStatus.FILE_IS_A_DIRECTORY, create("\\", GENERIC_READ, DokanyFileSystem.FILE_OPEN,
                DokanyFileSystem.FILE_NON_DIRECTORY_FILE, new DokanFileInfo()));
        assertEquals(NtStatus.OBJECT_NAME_INVALID, create("\\" + "x".repeat(256), GENERIC_WRITE,
                DokanyFileSystem.FILE_CREATE, 0, new DokanFileInfo()));
    }

    @Test
    void sizesTimesAttributesAndVolumeInformation() {
        DokanFileInfo f = new DokanFileInfo();
        create("\\t.bin", GENERIC_WRITE, DokanyFileSystem.FILE_CREATE, 0, f);
        assertEquals(NtStatus.SUCCESS, ops.SetEndOfFile.invoke(w("\\t.bin"), 5L << 30, f));
        Memory ft = new Memory(8);
        ft.setLong(0, WinFileInfo.toFileTime(1_600_000_000_000_000_000L));
        assertEquals(NtStatus.SUCCESS, ops.SetFileTime.invoke(w("\\t.bin"), null, null, ft, f));
        assertEquals(NtStatus.SUCCESS, ops.SetFileAttributes.invoke(w("\\t.bin"),
                WinFileInfo.FILE_ATTRIBUTE_READONLY, f));
        Memory st = new Memory(WinFileInfo.BY_HANDLE_SIZE);
        assertEquals(NtStatus.SUCCESS, ops.GetFileInformation.invoke(w("\\t.bin"), st, f));
        close("\\t.bin", f);
        assertEquals(5L << 30, ((long) st.getInt(32) << 32) | (st.getInt(36) & 0xffffffffL));
        assertEquals(WinFileInfo.toFileTime(1_600_000_000_000_000_000L), st.getLong(20));
        assertTrue((st.getInt(0) & WinFileInfo.FILE_ATTRIBUTE_READONLY) != 0);
        assertEquals(NtStatus.CANNOT_DELETE, ops.DeleteFile.invoke(w("\\t.bin"), new DokanFileInfo()));

        Memory free = new Memory(8);
        Memory total = new Memory(8);
        Memory totalFree = new Memory(8);
        assertEquals(NtStatus.SUCCESS, ops.GetDiskFreeSpace.invoke(free, total, totalFree, new DokanFileInfo()));
        assertTrue(total.getLong(0) >= 1L << 40);
        Memory name = new Memory(64);
        Memory fsName = new Memory(64);
        Memory serial = new Memory(4);
        Memory maxLen = new Memory(4);
        Memory flags = new Memory(4);
        assertEquals(NtStatus.SUCCESS, ops.GetVolumeInformation.invoke(name, 32, serial, maxLen, flags, fsName, 32,
                new DokanFileInfo()));
        assertEquals("QSFS", Utf16.read(name));
        assertEquals("NTFS", Utf16.read(fsName));
        assertEquals(255, maxLen.getInt(0));
    }
}
