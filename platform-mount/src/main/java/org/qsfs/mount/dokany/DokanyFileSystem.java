package org.qsfs.mount.dokany;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.qsfs.engine.fs.Attr;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.DirEntry;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.engine.fs.OpenFlags;
import org.qsfs.engine.fs.SetAttr;
import org.qsfs.engine.fs.StatFs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dokany's callbacks translated to {@link FsOperations}: Windows paths ("\dir\file") become
 * inode lookups, create dispositions become create/open/truncate, delete-on-close becomes
 * unlink/rmdir at cleanup, errnos become NTSTATUS. Windows has no uids: every request acts
 * as {@code caller} (the owner of the volume's root).
 */
public final class DokanyFileSystem {
    private static final Logger log = LoggerFactory.getLogger(DokanyFileSystem.class);

    // CreateDisposition (kernel values)
    static final int FILE_SUPERSEDE = 0;
    static final int FILE_OPEN = 1;
    static final int FILE_CREATE = 2;
    static final int FILE_OPEN_IF = 3;
    static final int FILE_OVERWRITE = 4;
    static final int FILE_OVERWRITE_IF = 5;
    // CreateOptions
    static final int FILE_DIRECTORY_FILE = 0x1;
    static final int FILE_NON_DIRECTORY_FILE = 0x40;
    // DesiredAccess bits that mean writing
    static final int FILE_WRITE_DATA = 0x2;
    static final int FILE_APPEND_DATA = 0x4;
    static final int GENERIC_WRITE = 0x40000000;
    static final int GENERIC_ALL = 0x10000000;
    static final int MAXIMUM_ALLOWED = 0x02000000;

    static final int FILE_CASE_SENSITIVE_SEARCH = 0x1;
    static final int FILE_CASE_PRESERVED_NAMES = 0x2;
    static final int FILE_UNICODE_ON_DISK = 0x4;
    static final int FILE_SUPPORTS_HARD_LINKS = 0x400000;
    static final int VOLUME_SERIAL = 0x51534653; // "QSFS"

    /** One CreateFile's state, found again through DOKAN_FILE_INFO.Context. */
    record Open(long ino, long fh, boolean directory, String path) {
    }

    private final FsOperations fs;
    private final Caller caller;
    private final String volumeName;
    private final ConcurrentHashMap<Long, Open> opens = new ConcurrentHashMap<>();
    private final AtomicLong nextContext = new AtomicLong(1);
    private final CountDownLatch mounted = new CountDownLatch(1);
    private final CountDownLatch unmounted = new CountDownLatch(1);
    private final DokanOperations operations;

    public DokanyFileSystem(FsOperations fs, Caller caller, String volumeName) {
        this.fs = fs;
        this.caller = caller;
        this.volumeName = volumeName;
        this.operations = buildOperations();
    }

    /** The callback table to hand to DokanCreateFileSystem (keep a reference while mounted). */
    public DokanOperations operations() {
        return operations;
    }

    int openCount() {
        return opens.size();
    }

    CountDownLatch mountedLatch() {
        return mounted;
    }

    CountDownLatch unmountedLatch() {
        return unmounted;
    }

    private DokanOperations buildOperations() {
        DokanOperations o = new DokanOperations();
        o.ZwCreateFile = this::createFile;
        o.Cleanup = this::cleanup;
        o.CloseFile = this::closeFile;
        o.ReadFile = this::readFile;
        o.WriteFile = this::writeFile;
        o.FlushFileBuffers = this::flushFileBuffers;
        o.GetFileInformation = this::getFileInformation;
        o.FindFiles = this::findFiles;
        o.SetFileAttributes = this::setFileAttributes;
        o.SetFileTime = this::setFileTime;
        o.DeleteFile = this::deleteFile;
        o.DeleteDirectory = this::deleteDirectory;
        o.MoveFile = this::moveFile;
        o.SetEndOfFile = this::setEndOfFile;
        o.SetAllocationSize = this::setAllocationSize;
        o.GetDiskFreeSpace = this::getDiskFreeSpace;
        o.GetVolumeInformation = this::getVolumeInformation;
        o.Mounted = (mp, info) -> {
            mounted.countDown();
            return NtStatus.SUCCESS;
        };
        o.Unmounted = info -> {
            unmounted.countDown();
            return NtStatus.SUCCESS;
        };
        return o;
    }

    // ---- plumbing -------------------------------------------------------------------------

    @FunctionalInterface
    private interface Body {
        int run() throws FsException, PathNotFound;
    }

    private int call(String op, String path, Body body) {
        try {
            return body.run();
        } catch (PathNotFound e) {
            return NtStatus.OBJECT_PATH_NOT_FOUND;
        } catch (FsException e) {
            log.trace("{} {}: {}", op, path, e.getMessage());
            return NtStatus.of(e.errno());
        } catch (RuntimeException | Error e) {
            log.error("{} {} failed inside the engine; Windows gets STATUS_IO_DEVICE_ERROR", op, path, e);
            return NtStatus.IO_DEVICE_ERROR;
        }
    }

    /** A directory on the way to the name is missing (STATUS_OBJECT_PATH_NOT_FOUND, not NAME_NOT_FOUND). */
    private static final class PathNotFound extends Exception {
        PathNotFound(String path) {
            super("a directory on the way to " + path + " is missing", null, false, false);
        }
    }

    /** "\a\b" -> ["a", "b"]; "\" -> []. Windows also sends "/" separators in some paths. */
    static String[] components(String path) {
        String p = path.replace('/', '\\');
        while (p.startsWith("\\")) {
            p = p.substring(1);
        }
        while (p.endsWith("\\")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("\\\\+");
    }

    private record Located(long parent, byte[] name, Attr attr) {
        boolean exists() {
            return attr != null;
        }
    }

    /** The parent directory of {@code path} (must exist) and the entry itself (null when missing). */
    private Located locate(String path) throws FsException, PathNotFound {
        String[] c = components(path);
        if (c.length == 0) {
            return new Located(FsOperations.ROOT_INO, null, fs.getattr(FsOperations.ROOT_INO));
        }
        long dir = FsOperations.ROOT_INO;
        for (int i = 0; i < c.length - 1; i++) {
            try {
                Attr a = fs.lookup(caller, dir, bytes(c[i]));
                if (!a.isDirectory()) {
                    throw new PathNotFound(path);
                }
                dir = a.ino();
            } catch (FsException e) {
                if (e.errno() == Errno.ENOENT) {
                    throw new PathNotFound(path);
                }
                throw e;
            }
        }
        byte[] name = bytes(c[c.length - 1]);
        try {
            return new Located(dir, name, fs.lookup(caller, dir, name));
        } catch (FsException e) {
            if (e.errno() == Errno.ENOENT) {
                return new Located(dir, name, null);
            }
            throw e;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Open open(DokanFileInfo info) throws FsException {
        Open o = opens.get(info.Context);
        if (o == null) {
            throw new FsException(Errno.EBADF, "no open file for context " + info.Context);
        }
        return o;
    }

    private void remember(Open o, DokanFileInfo info) {
        long ctx = nextContext.getAndIncrement();
        opens.put(ctx, o);
        info.Context = ctx;
        info.IsDirectory = (byte) (o.directory ? 1 : 0);
    }

    // ---- callbacks ------------------------------------------------------------------------

    int createFile(Pointer fileName, Pointer securityContext, int desiredAccess, int fileAttributes, int shareAccess,
                   int disposition, int createOptions, DokanFileInfo info) {
        String path = Utf16.read(fileName);
        return call("ZwCreateFile", path, () -> {
            Located at = locate(path);
            boolean wantDir = info.IsDirectory != 0 || (createOptions & FILE_DIRECTORY_FILE) != 0;
            if (at.exists() && at.attr.isDirectory()) {
                if ((createOptions & FILE_NON_DIRECTORY_FILE) != 0) {
                    return NtStatus.FILE_IS_A_DIRECTORY;
                }
                wantDir = true;
            }
            if (wantDir) {
                return createDirectory(path, at, disposition, info);
            }
            return createRegular(path, at, desiredAccess, disposition, info);
        });
    }

    private int createDirectory(String path, Located at, int disposition, DokanFileInfo info) throws FsException {
        if (disposition == FILE_CREATE || disposition == FILE_OPEN_IF) {
            if (at.exists()) {
                if (!at.attr.isDirectory()) {
                    return NtStatus.NOT_A_DIRECTORY;
                }
                if (disposition == FILE_CREATE) {
                    return NtStatus.OBJECT_NAME_COLLISION;
                }
                remember(new Open(at.attr.ino(), -1, true, path), info);
                return NtStatus.OBJECT_NAME_COLLISION; // Dokany reports FILE_OPENED
            }
            Attr a = fs.mkdir(caller, at.parent, at.name, 0755);
            remember(new Open(a.ino(), -1, true, path), info);
            return NtStatus.SUCCESS;
        }
        if (!at.exists()) {
            return NtStatus.OBJECT_NAME_NOT_FOUND;
        }
        if (!at.attr.isDirectory()) {
            return NtStatus.NOT_A_DIRECTORY;
        }
        remember(new Open(at.attr.ino(), -1, true, path), info);
        return NtStatus.SUCCESS;
    }

    private int createRegular(String path, Located at, int desiredAccess, int disposition, DokanFileInfo info)
            throws FsException {
        boolean write = (desiredAccess & (FILE_WRITE_DATA | FILE_APPEND_DATA | GENERIC_WRITE | GENERIC_ALL
                | MAXIMUM_ALLOWED)) != 0;
        int access = write ? OpenFlags.O_RDWR : OpenFlags.O_RDONLY;
        boolean existed = at.exists();
        switch (disposition) {
            case FILE_CREATE -> {
                if (existed) {
                    return NtStatus.OBJECT_NAME_COLLISION;
                }
            }
            case FILE_OPEN, FILE_OVERWRITE -> {
                if (!existed) {
                    return NtStatus.OBJECT_NAME_NOT_FOUND;
                }
            }
            case FILE_OPEN_IF, FILE_OVERWRITE_IF, FILE_SUPERSEDE -> {
                // open or create
            }
            default -> {
                return NtStatus.INVALID_PARAMETER;
            }
        }
        boolean truncate = disposition == FILE_OVERWRITE || disposition == FILE_OVERWRITE_IF
                || disposition == FILE_SUPERSEDE;
        if (!existed) {
            FsOperations.Created c = fs.create(caller, at.parent, at.name, 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_EXCL);
            remember(new Open(c.attr().ino(), c.fh(), false, path), info);
            return NtStatus.SUCCESS;
        }
        if (truncate) {
            access = OpenFlags.O_RDWR | OpenFlags.O_TRUNC;
        }
        long fh = openWithFallback(at.attr.ino(), access, write || truncate);
        remember(new Open(at.attr.ino(), fh, false, path), info);
        boolean collision = disposition == FILE_OPEN_IF || disposition == FILE_OVERWRITE_IF
                || disposition == FILE_SUPERSEDE;
        return collision ? NtStatus.OBJECT_NAME_COLLISION : NtStatus.SUCCESS;
    }

    /** Opens for writing when asked; Windows asks for write access generously, so a read-only file opens read-only for plain opens. */
    private long openWithFallback(long ino, int flags, boolean needWrite) throws FsException {
        try {
            return fs.open(caller, ino, flags);
        } catch (FsException e) {
            if (e.errno() == Errno.EACCES && (flags & OpenFlags.O_TRUNC) == 0 && needWrite) {
                return fs.open(caller, ino, OpenFlags.O_RDONLY);
            }
            throw e;
        }
    }

    void cleanup(Pointer fileName, DokanFileInfo info) {
        String path = Utf16.read(fileName);
        call("Cleanup", path, () -> {
            Open o = opens.get(info.Context);
            if (o != null && !o.directory && o.fh >= 0) {
                fs.flush(o.fh);
            }
            if (info.DeletePending != 0) {
                Located at = locate(path);
                if (at.exists()) {
                    if (at.attr.isDirectory()) {
                        fs.rmdir(caller, at.parent, at.name);
                    } else {
                        fs.unlink(caller, at.parent, at.name);
                    }
                }
            }
            return NtStatus.SUCCESS;
        });
    }

    void closeFile(Pointer fileName, DokanFileInfo info) {
        String path = Utf16.read(fileName);
        call("CloseFile", path, () -> {
            Open o = opens.remove(info.Context);
            if (o != null && o.fh >= 0) {
                fs.release(o.fh);
            }
            return NtStatus.SUCCESS;
        });
    }

    int readFile(Pointer fileName, Pointer buffer, int length, Pointer readLength, long offset, DokanFileInfo info) {
        String path = Utf16.read(fileName);
        return call("ReadFile", path, () -> {
            Open o = open(info);
            if (o.directory) {
                return NtStatus.FILE_IS_A_DIRECTORY;
            }
            byte[] b = new byte[length];
            int n = 0;
            while (n < length) {
                int r = fs.read(o.fh, offset + n, b, n, length - n);
                if (r <= 0) {
                    break;
                }
                n += r;
            }
            buffer.write(0, b, 0, n);
            if (readLength != null) {
                readLength.setInt(0, n);
            }
            return NtStatus.SUCCESS;
        });
    }

    int writeFile(Pointer fileName, Pointer buffer, int length, Pointer written, long offset, DokanFileInfo info) {
        String path = Utf16.read(fileName);
        return call("WriteFile", path, () -> {
            Open o = open(info);
            if (o.directory) {
                return NtStatus.FILE_IS_A_DIRECTORY;
            }
            long at = offset;
            int len = length;
            if (info.WriteToEndOfFile != 0) {
                at = fs.getattr(o.ino).size();
            } else if (info.PagingIo != 0) {
                // paging I/O never extends the file: cut at the end
                long size = fs.getattr(o.ino).size();
                if (at >= size) {
                    if (written != null) {
                        written.setInt(0, 0);
                    }
                    return NtStatus.SUCCESS;
                }
                len = (int) Math.min(len, size - at);
            }
            int n = fs.write(o.fh, at, buffer.getByteBuffer(0, len)); // Dokany's buffer, not a copy
            if (written != null) {
                written.setInt(0, n);
            }
            return NtStatus.SUCCESS;
        });
    }

    int flushFileBuffers(Pointer fileName, DokanFileInfo info) {
        String path = Utf16.read(fileName);
        return call("FlushFileBuffers", path, () -> {
            Open o = open(info);
            if (!o.directory && o.fh >= 0) {
                fs.fsync(o.fh, false);
            }
            return NtStatus.SUCCESS;
        });
    }

    int getFileInformation(Pointer fileName, Pointer out, DokanFileInfo info) {
        String path = Utf16.read(fileName);
        return call("GetFileInformation", path, () -> {
            Open o = opens.get(info.Context);
            long ino = o != null ? o.ino : inoOf(path);
            String[] c = components(path);
            WinFileInfo.byHandle(out, fs.getattr(ino), c.length == 0 ? "" : c[c.length - 1], VOLUME_SERIAL);
            return NtStatus.SUCCESS;
        });
    }

    private long inoOf(String path) throws FsException, PathNotFound {
        Located at = locate(path);
        if (!at.exists()) {
            throw new FsException(Errno.ENOENT, path);
        }
        return at.attr.ino();
    }

    int findFiles(Pointer pathName, DokanOperations.FillFindData fill, DokanFileInfo info) {
        String path = Utf16.read(pathName);
        return call("FindFiles", path, () -> {
            Open o = opens.get(info.Context);
            long dir = o != null ? o.ino : inoOf(path);
            boolean root = dir == FsOperations.ROOT_INO;
            Memory data = new Memory(WinFileInfo.FIND_DATA_SIZE);
            long cookie = 0;
            while (true) {
                List<DirEntry> batch = fs.readdir(caller, dir, cookie, 512);
                if (batch.isEmpty()) {
                    return NtStatus.SUCCESS;
                }
                for (DirEntry e : batch) {
                    cookie = e.offset();
                    String name = e.nameString();
                    if (root && (name.equals(".") || name.equals(".."))) {
                        continue;
                    }
                    Attr a;
                    try {
                        a = fs.getattr(e.ino());
                    } catch (FsException gone) {
                        continue; // removed meanwhile
                    }
                    WinFileInfo.findData(data, a, name);
                    if (fill.invoke(data, info) == 1) {
                        return NtStatus.BUFFER_OVERFLOW;
                    }
                }
            }
        });
    }

    int setFileAttributes(Pointer fileName, int attributes, DokanFileInfo info) {
        String path = Utf16.read(fileName);
        return call("SetFileAttributes", path, () -> {
            Open o = opens.get(info.Context);
            long ino = o != null ? o.ino : inoOf(path);
            Attr a = fs.getattr(ino);
            if (attributes == 0 || a.isDirectory()) {
                return NtStatus.SUCCESS;
            }
            boolean readOnly = (attributes & WinFileInfo.FILE_ATTRIBUTE_READONLY) != 0;
            int perm = readOnly ? a.perm() & ~0222 : a.perm() | 0200;
            if (perm != a.perm()) {
                fs.setattr(caller, ino, SetAttr.none().withMode(perm));
            }
            return NtStatus.SUCCESS;
        });
    }

    int setFileTime(Pointer fileName, Pointer creation, Pointer access, Pointer write, DokanFileInfo info) {
        String path = Utf16.read(fileName);
        return call("SetFileTime", path, () -> {
            Open o = opens.get(info.Context);
            long ino = o != null ? o.ino : inoOf(path);
            long at = fileTime(access);
            long mt = fileTime(write);
            if (at != SetAttr.OMIT || mt != SetAttr.OMIT) {
                fs.setattr(caller, ino, SetAttr.none().withTimes(at, mt));
            }
            return NtStatus.SUCCESS;
        });
    }

    /** A FILETIME argument: null, 0, -1 and -2 all mean "leave it". */
    private static long fileTime(Pointer p) {
        if (p == null) {
            return SetAttr.OMIT;
        }
        long v = p.getLong(0);
        if (v == 0 || v == -1 || v == -2) {
            return SetAttr.OMIT;
        }
        return WinFileInfo.toUnixNanos(v);
    }

    int deleteFile(Pointer fileName, DokanFileInfo info) {
        String path = Utf16.read(fileName);
        return call("DeleteFile", path, () -> {
            Located at = locate(path);
            if (!at.exists()) {
                return NtStatus.OBJECT_NAME_NOT_FOUND;
            }
            if (at.attr.isDirectory()) {
                return NtStatus.ACCESS_DENIED;
            }
            if (at.attr.isRegular() && (at.attr.perm() & 0200) == 0) {
                return NtStatus.CANNOT_DELETE; // read-only attribute
            }
            return NtStatus.SUCCESS; // the unlink happens at Cleanup
        });
    }

    int deleteDirectory(Pointer fileName, DokanFileInfo info) {
        String path = Utf16.read(fileName);
        return call("DeleteDirectory", path, () -> {
            Located at = locate(path);
            if (!at.exists()) {
                return NtStatus.OBJECT_NAME_NOT_FOUND;
            }
            if (at.attr.ino() == FsOperations.ROOT_INO) {
                return NtStatus.ACCESS_DENIED;
            }
            for (DirEntry e : fs.readdir(caller, at.attr.ino(), 0, 3)) {
                String n = e.nameString();
                if (!n.equals(".") && !n.equals("..")) {
                    return NtStatus.DIRECTORY_NOT_EMPTY;
                }
            }
            return NtStatus.SUCCESS; // the rmdir happens at Cleanup
        });
    }

    int moveFile(Pointer fileName, Pointer newFileName, boolean replace, DokanFileInfo info) {
        String from = Utf16.read(fileName);
        String to = Utf16.read(newFileName);
        return call("MoveFile", from, () -> {
            Located src = locate(from);
            if (!src.exists()) {
                return NtStatus.OBJECT_NAME_NOT_FOUND;
            }
            Located dst = locate(to);
            if (dst.exists()) {
                if (!replace) {
                    return NtStatus.OBJECT_NAME_COLLISION;
                }
                if (dst.attr.isDirectory()) {
                    return NtStatus.ACCESS_DENIED; // Windows never replaces a directory
                }
            }
            fs.rename(caller, src.parent, src.name, dst.parent, dst.name, replace ? 0 : OpenFlags.RENAME_NOREPLACE);
            Open o = opens.get(info.Context);
            if (o != null) {
                opens.put(info.Context, new Open(o.ino, o.fh, o.directory, to));
            }
            return NtStatus.SUCCESS;
        });
    }

    int setEndOfFile(Pointer fileName, long size, DokanFileInfo info) {
        String path = Utf16.read(fileName);
        return call("SetEndOfFile", path, () -> {
            Open o = open(info);
            fs.setattr(caller, o.ino, SetAttr.none().withSize(size));
            return NtStatus.SUCCESS;
        });
    }

    int setAllocationSize(Pointer fileName, long allocSize, DokanFileInfo info) {
        String path = Utf16.read(fileName);
        return call("SetAllocationSize", path, () -> {
            Open o = open(info);
            if (fs.getattr(o.ino).size() > allocSize) {
                fs.setattr(caller, o.ino, SetAttr.none().withSize(allocSize));
            }
            return NtStatus.SUCCESS;
        });
    }

    int getDiskFreeSpace(Pointer freeAvailable, Pointer total, Pointer totalFree, DokanFileInfo info) {
        return call("GetDiskFreeSpace", "\\", () -> {
            StatFs s = fs.statfs();
            if (freeAvailable != null) {
                freeAvailable.setLong(0, s.availBlocks() * s.blockSize());
            }
            if (total != null) {
                total.setLong(0, s.totalBlocks() * s.blockSize());
            }
            if (totalFree != null) {
                totalFree.setLong(0, s.freeBlocks() * s.blockSize());
            }
            return NtStatus.SUCCESS;
        });
    }

    int getVolumeInformation(Pointer volumeName, int volumeNameSize, Pointer serial, Pointer maxComponent,
                             Pointer fsFlags, Pointer fsName, int fsNameSize, DokanFileInfo info) {
        return call("GetVolumeInformation", "\\", () -> {
            Utf16.write(volumeName, 0, this.volumeName, volumeNameSize);
            if (serial != null) {
                serial.setInt(0, VOLUME_SERIAL);
            }
            if (maxComponent != null) {
                maxComponent.setInt(0, fs.statfs().maxNameLength());
            }
            if (fsFlags != null) {
                fsFlags.setInt(0, FILE_CASE_SENSITIVE_SEARCH | FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK
                        | FILE_SUPPORTS_HARD_LINKS);
            }
            // "NTFS" keeps programs that check the filesystem name working, as Dokany's samples do
            Utf16.write(fsName, 0, "NTFS", fsNameSize);
            return NtStatus.SUCCESS;
        });
    }

    /** Releases every handle still open (after an unmount Dokany did not clean up). */
    void releaseAll() {
        for (Long ctx : List.copyOf(opens.keySet())) {
            Open o = opens.remove(ctx);
            if (o != null && o.fh >= 0) {
                try {
                    fs.release(o.fh);
                } catch (FsException | RuntimeException e) {
                    log.warn("releasing {} after unmount: {}", o.path, e.toString());
                }
            }
        }
    }
}
