package org.qsfs.engine.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;

/**
 * The plaintext block files of the cache: {@code <dir>/<id mod 256, 2 hex>/<id>}, one file
 * per block row. Keeps a few channels open (sequential I/O would otherwise reopen a file
 * per call), remembers what was written since the last {@link #force}, and enforces an
 * optional byte quota on the directory, which behaves like a full disk (ENOSPC).
 *
 * <p>Thread-safe; the volume's lock orders writes to one file.
 */
public final class CacheFiles implements AutoCloseable {
    private static final int OPEN_CHANNELS = 64;

    private final Path dir;
    private final long quota;
    private final AtomicLong diskBytes = new AtomicLong();
    private final Map<Long, FileChannel> open = new LinkedHashMap<>(OPEN_CHANNELS, 0.75f, true);
    private final Set<Long> unsynced = new HashSet<>();
    /**
     * The size of each file with an open channel, as written through it (an fstat per write
     * was a syscall per 128 KiB of a sequential write); guarded by this, forgotten with the channel.
     */
    private final Map<Long, Long> sizes = new java.util.HashMap<>();
    private final Set<Path> newDirEntries = new HashSet<>();
    /**
     * Empty files made ahead for the next block ids (creating a file costs about as much as
     * writing 1 MiB into it, 200-500 us on the test machine's ext4): at least this many ...
     */
    static final int PRECREATE_MIN = 1024;
    /** ... and up to twice the ids used in the last {@value #RATE_WINDOW_S} seconds, at most this many. */
    static final int PRECREATE_MAX = 4096;
    private static final int RATE_WINDOW_S = 30;
    /** How far ahead files are made now (adapts to the rate blocks are made at). */
    private volatile int ahead = PRECREATE_MIN;
    private final Set<Long> precreated = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Thread precreator;
    private volatile java.util.function.LongSupplier nextIds;
    private volatile boolean closing;
    /** Block files to delete in the background ({@link #deleteLater}); guarded by itself. */
    private final java.util.ArrayDeque<Long> doomed = new java.util.ArrayDeque<>();
    private int deleting;
    private final Thread deleter;

    /**
     * @param quota the most bytes the files may hold together (0 = only the disk limits them):
     *     a write beyond it fails with ENOSPC as on a full disk
     */
    public CacheFiles(Path dir, long quota) throws IOException {
        this.dir = dir;
        this.quota = quota;
        Files.createDirectories(dir);
        for (int i = 0; i < 256; i++) {
            Files.createDirectories(dir.resolve(String.format("%02x", i)));
        }
        deleter = new Thread(this::deleteLoop, "qsfs-cache-delete");
        deleter.setDaemon(true);
        deleter.start();
    }

    public Path dir() {
        return dir;
    }

    public Path path(long id) {
        return dir.resolve(SUBDIRS[(int) (id & 0xFF)]).resolve(Long.toString(id));
    }

    /** "00" .. "ff": String.format per block file was a few microseconds of every small file's write and upload. */
    private static final String[] SUBDIRS = new String[256];

    static {
        for (int i = 0; i < 256; i++) {
            SUBDIRS[i] = String.format("%02x", i);
        }
    }

    /**
     * Starts a thread that keeps empty files ready for the next block ids ({@code nextId}
     * tells where ids continue; ids are never reused): {@value #PRECREATE_MIN} of them, or
     * twice the ids used in the last {@value #RATE_WINDOW_S} s, up to {@value #PRECREATE_MAX}
     * (a 4 GiB burst of 1 MiB blocks after one of 2 GiB). A new block then opens an existing
     * file instead of creating one, which was most of the cost of a sequential write after the
     * SQLite work was gone. Files made ahead and never used have no block row: they are
     * removed at close, or as orphans at the next open.
     */
    public void startPrecreation(java.util.function.LongSupplier nextId) {
        nextIds = nextId;
        Thread t = new Thread(() -> {
            long cursor = -1;
            long[] seen = new long[RATE_WINDOW_S]; // nextId at each of the last seconds
            long lastSecond = -1;
            while (!closing) {
                long next = nextId.getAsLong();
                if (next >= 0 && cursor < next) {
                    cursor = next;
                }
                long second = System.nanoTime() / 1_000_000_000L;
                if (next >= 0 && second != lastSecond) {
                    seen[(int) (second % RATE_WINDOW_S)] = next;
                    lastSecond = second;
                    long oldest = next;
                    for (long v : seen) {
                        if (v > 0) {
                            oldest = Math.min(oldest, v);
                        }
                    }
                    long used = next - oldest; // ids handed out in the last RATE_WINDOW_S seconds
                    ahead = (int) Math.max(PRECREATE_MIN, Math.min(PRECREATE_MAX, 2 * used));
                }
                if (next < 0 || cursor >= next + ahead) {
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
                    continue;
                }
                Path p = path(cursor);
                // announced before it exists: a block that takes the id meanwhile counts its file as
                // new (its directory is forced at fsync) and removes the id, so close never deletes it
                precreated.add(cursor);
                try {
                    FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // the block was created first (never truncate it)
                } catch (IOException e) {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // a full disk: try later
                    continue;
                }
                cursor++;
            }
        }, "qsfs-cache-precreate");
        t.setDaemon(true);
        precreator = t;
        t.start();
    }

    /** Counts the bytes already on disk (at open). */
    public void setDiskBytes(long bytes) {
        diskBytes.set(bytes);
    }

    public long diskBytes() {
        return diskBytes.get();
    }

    private synchronized FileChannel channel(long id, boolean create) throws IOException {
        FileChannel ch = open.get(id);
        if (ch != null) {
            return ch;
        }
        Path p = path(id);
        if (create) {
            if (precreated.remove(id)) {
                newDirEntries.add(p.getParent()); // made ahead: its directory entry is new all the same
                if (precreator != null && precreated.size() < ahead / 2) {
                    java.util.concurrent.locks.LockSupport.unpark(precreator);
                }
            } else if (!Files.exists(p)) {
                newDirEntries.add(p.getParent());
            }
        }
        ch = create ? FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE) : FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        open.put(id, ch);
        if (open.size() > OPEN_CHANNELS) {
            var it = open.entrySet().iterator();
            Map.Entry<Long, FileChannel> eldest = it.next();
            // an unsynced file stays in 'unsynced': force() reopens it (fsync works on any handle)
            it.remove();
            sizes.remove(eldest.getKey());
            eldest.getValue().close();
        }
        return ch;
    }

    /** Writes {@code len} bytes at {@code pos} of block file {@code id}, creating it. */
    public void write(long id, long pos, byte[] buf, int off, int len) throws FsException {
        for (int attempt = 0;; attempt++) {
            try {
                write1(id, pos, buf, off, len);
                return;
            } catch (FsException e) {
                if (attempt >= 3 || !(e.getCause() instanceof java.nio.channels.ClosedChannelException)) {
                    throw e;
                }
                // another thread closed the channel (too many open): open it again and redo the write
            }
        }
    }

    /** Test hook: called before each write of a block file. */
    static volatile ReadHook writeHook;

    private void write1(long id, long pos, byte[] buf, int off, int len) throws FsException {
        ReadHook hook = writeHook;
        if (hook != null) {
            hook.before(id, pos, len);
        }
        try {
            FileChannel ch = channel(id, true);
            long size = size(id, ch);
            long growth = Math.max(0, pos + len - size);
            reserveDisk(growth);
            ByteBuffer b = ByteBuffer.wrap(buf, off, len);
            long p = pos;
            try {
                while (b.hasRemaining()) {
                    p += ch.write(b, p);
                }
            } catch (IOException e) {
                diskBytes.addAndGet(-growth);
                forgetSize(id);
                throw e;
            }
            synchronized (this) {
                unsynced.add(id);
                if (growth > 0 && open.get(id) == ch) {
                    sizes.put(id, pos + len);
                }
            }
        } catch (FsException e) {
            throw e;
        } catch (IOException e) {
            throw ioError("write cache block " + id, e);
        }
    }

    /** The file's size: as known from the writes through its open channel, else asked once. */
    private long size(long id, FileChannel ch) throws IOException {
        synchronized (this) {
            Long known = sizes.get(id);
            if (known != null && open.get(id) == ch) {
                return known;
            }
        }
        long s = ch.size();
        synchronized (this) {
            if (open.get(id) == ch) {
                sizes.put(id, s);
            }
        }
        return s;
    }

    private synchronized void forgetSize(long id) {
        sizes.remove(id);
    }

    private void reserveDisk(long growth) throws FsException {
        if (growth == 0) {
            return;
        }
        long now = diskBytes.addAndGet(growth);
        if (quota > 0 && now > quota) {
            diskBytes.addAndGet(-growth);
            throw new FsException(Errno.ENOSPC, "the cache directory " + dir + " is full (" + quota + " bytes)");
        }
    }

    /** Reads up to {@code len} bytes at {@code pos}; returns how many the file had (0 past its end). */
    public int read(long id, long pos, byte[] buf, int off, int len) throws FsException {
        for (int attempt = 0;; attempt++) {
            try {
                return read1(id, pos, buf, off, len);
            } catch (FsException e) {
                if (attempt >= 3 || !(e.getCause() instanceof java.nio.channels.ClosedChannelException)) {
                    throw e;
                }
            }
        }
    }

    /** Test hook: called before each read of a block file ({@link #writeHook}: each write). */
    static volatile ReadHook readHook;

    /** See {@link #readHook}. */
    interface ReadHook {
        void before(long id, long pos, int len);
    }

    private int read1(long id, long pos, byte[] buf, int off, int len) throws FsException {
        ReadHook hook = readHook;
        if (hook != null) {
            hook.before(id, pos, len);
        }
        try {
            FileChannel ch = channel(id, false);
            ByteBuffer b = ByteBuffer.wrap(buf, off, len);
            long p = pos;
            while (b.hasRemaining()) {
                int n = ch.read(b, p);
                if (n < 0) {
                    break;
                }
                p += n;
            }
            return (int) (p - pos);
        } catch (NoSuchFileException e) {
            return 0; // a dirty block whose bytes never reached the disk before a crash: zeros
        } catch (IOException e) {
            throw ioError("read cache block " + id, e);
        }
    }

    /** The whole file (at most {@code len} bytes). */
    public byte[] readWhole(long id, int len) throws FsException {
        byte[] b = new byte[len];
        int n = read(id, 0, b, 0, len);
        if (n < len) {
            throw new FsException(Errno.EIO, "cache block " + id + " is short: " + n + " of " + len + " bytes");
        }
        return b;
    }

    /**
     * Copies the first {@code len} bytes of block file {@code from} into block file {@code to}
     * (a new block: copy-on-write), file to file in the kernel ({@code sendfile}), without a
     * trip through the heap. Returns how many bytes the source had (fewer when it is shorter,
     * 0 when it is gone).
     */
    public long copy(long from, long to, long len) throws FsException {
        for (int attempt = 0;; attempt++) {
            try {
                return copy1(from, to, len);
            } catch (FsException e) {
                if (attempt >= 3 || !(e.getCause() instanceof java.nio.channels.ClosedChannelException)) {
                    throw e;
                }
                // another thread closed a channel (too many open): open it again and copy again
            }
        }
    }

    private long copy1(long from, long to, long len) throws FsException {
        try {
            FileChannel src;
            try {
                src = channel(from, false);
            } catch (NoSuchFileException e) {
                return 0; // a dirty block whose bytes never reached the disk before a crash
            }
            FileChannel dst = channel(to, true);
            long have = Math.min(len, size(from, src));
            long growth = Math.max(0, have - size(to, dst));
            reserveDisk(growth);
            forgetSize(to); // asked again after the copy
            try {
                // sendfile writes at the target's position; nobody else writes a new block's file,
                // and every other access to a block file is positional
                dst.position(0);
                long done = 0;
                while (done < have) {
                    long n = src.transferTo(done, have - done, dst);
                    if (n <= 0) {
                        break;
                    }
                    done += n;
                }
                synchronized (this) {
                    unsynced.add(to);
                }
                return done;
            } catch (IOException e) {
                diskBytes.addAndGet(-growth);
                throw e;
            }
        } catch (FsException e) {
            throw e;
        } catch (IOException e) {
            throw ioError("copy cache block " + from + " to " + to, e);
        }
    }

    /** Creates block file {@code id} holding {@code data[0, len)} (a fetched or copied block). */
    public void writeWhole(long id, byte[] data, int len) throws FsException {
        delete(id);
        write(id, 0, data, 0, len);
    }

    /** Cuts block file {@code id} to {@code len} bytes. */
    public void truncate(long id, long len) throws FsException {
        try {
            FileChannel ch = channel(id, true);
            long size = size(id, ch);
            forgetSize(id);
            if (size > len) {
                ch.truncate(len);
                diskBytes.addAndGet(len - size);
            }
            synchronized (this) {
                unsynced.add(id);
            }
        } catch (IOException e) {
            throw ioError("truncate cache block " + id, e);
        }
    }

    public void delete(long id) {
        forgetOpen(id);
        deleteFile(id);
    }

    /**
     * Deletes block file {@code id} on a background thread: for a block whose row is gone, so
     * no file of that name is ever written again. Unlinking a written file costs 0.1-1.5 ms on
     * the test machine (its blocks are freed, with discard); the commit that dropped many blocks
     * (a deleted tree, a deleted large file) ran these unlinks under the volume lock. A crash
     * before the unlink leaves an orphan, removed at the next open.
     */
    public void deleteLater(long id) {
        forgetOpen(id);
        synchronized (doomed) {
            if (!closing) {
                doomed.add(id);
                doomed.notifyAll();
                return;
            }
        }
        deleteFile(id);
    }

    /** Whether files are waiting for the background deleter. */
    public boolean pendingDeletions() {
        synchronized (doomed) {
            return !doomed.isEmpty() || deleting > 0;
        }
    }

    /** Waits until the background deleter has deleted everything queued so far (a full cache disk, a benchmark). */
    public void awaitDeletions() {
        synchronized (doomed) {
            while (!doomed.isEmpty() || deleting > 0) {
                try {
                    doomed.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void deleteLoop() {
        while (true) {
            long id;
            synchronized (doomed) {
                while (doomed.isEmpty() && !closing) {
                    try {
                        doomed.wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (doomed.isEmpty()) {
                    return; // closing, and nothing left
                }
                id = doomed.poll();
                deleting++;
            }
            try {
                deleteFile(id);
            } finally {
                synchronized (doomed) {
                    deleting--;
                    doomed.notifyAll();
                }
            }
        }
    }

    private void forgetOpen(long id) {
        synchronized (this) {
            FileChannel ch = open.remove(id);
            sizes.remove(id);
            unsynced.remove(id);
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // deleting it anyway
                }
            }
        }
    }

    private void deleteFile(long id) {
        long size;
        try {
            Path p = path(id);
            size = Files.size(p);
            Files.delete(p);
            diskBytes.addAndGet(-size);
        } catch (NoSuchFileException e) {
            // never written, or gone already
        } catch (IOException ignored) {
            // an orphan file is removed at the next open
        }
    }

    /**
     * Threads that fsync in parallel: ext4 folds concurrent fsyncs into one journal commit, so
     * 512 fresh 1 MiB files took 266-277 ms from 16 threads against 448-2,000 ms one after
     * another (3-6 ms each while the upload workers write to the same disk).
     */
    static final int FORCE_THREADS = 16;
    private static final java.util.concurrent.ExecutorService FORCERS;
    static {
        java.util.concurrent.ThreadPoolExecutor ex = new java.util.concurrent.ThreadPoolExecutor(FORCE_THREADS,
                FORCE_THREADS, 30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "qsfs-cache-force");
                    t.setDaemon(true);
                    return t;
                });
        ex.allowCoreThreadTimeOut(true);
        FORCERS = ex;
    }
    /** Test hook: called with each file or directory before it is forced (may throw). */
    static volatile ForceHook forceHook;

    /** See {@link #forceHook}. */
    interface ForceHook {
        void before(Path p) throws IOException;
    }

    /**
     * fsync of every block file written since the last call, and of directories that gained
     * files (the directories after the files: a file made ahead is forced before the entry
     * that names it). Files, then directories, are forced from {@value #FORCE_THREADS} threads
     * at once; returns only when all are done, and fails (EIO) when any failed. What failed is
     * marked unsynced again, so the next fsync tries it again.
     */
    public void force() throws FsException {
        List<Long> ids;
        List<FileChannel> chans = new ArrayList<>();
        List<Path> dirs;
        synchronized (this) {
            ids = new ArrayList<>(unsynced);
            for (Long id : ids) {
                chans.add(open.get(id));
            }
            unsynced.clear();
            dirs = new ArrayList<>(newDirEntries);
            newDirEntries.clear();
        }
        List<java.util.concurrent.Callable<Void>> fileJobs = new ArrayList<>(ids.size());
        for (int k = 0; k < ids.size(); k++) {
            FileChannel ch = chans.get(k);
            long id = ids.get(k);
            fileJobs.add(() -> {
                forceFile(id, ch);
                return null;
            });
        }
        IOException failed = runAll(fileJobs);
        if (failed != null) {
            synchronized (this) {
                unsynced.addAll(ids); // forcing one again is harmless
                newDirEntries.addAll(dirs);
            }
            throw ioError("fsync of the cache", failed);
        }
        List<java.util.concurrent.Callable<Void>> dirJobs = new ArrayList<>(dirs.size());
        for (Path d : dirs) {
            dirJobs.add(() -> {
                forceDir(d);
                return null;
            });
        }
        failed = runAll(dirJobs);
        if (failed != null) {
            synchronized (this) {
                newDirEntries.addAll(dirs);
            }
            throw ioError("fsync of the cache directories", failed);
        }
    }

    private void forceFile(long id, FileChannel ch) throws IOException {
        var hook = forceHook;
        if (hook != null) {
            hook.before(path(id));
        }
        if (ch != null) {
            try {
                ch.force(false);
                return;
            } catch (java.nio.channels.ClosedChannelException e) {
                // closed meanwhile (too many open, or deleted): through a new handle below
            }
        }
        // a handle closed since the write: fsync through a new one syncs the same file
        try (FileChannel again = FileChannel.open(path(id), StandardOpenOption.WRITE)) {
            again.force(false);
        } catch (NoSuchFileException e) {
            // deleted since: nothing to keep
        }
    }

    private static void forceDir(Path d) throws IOException {
        var hook = forceHook;
        if (hook != null) {
            hook.before(d);
        }
        FileChannel dc;
        try {
            dc = FileChannel.open(d, StandardOpenOption.READ);
        } catch (IOException e) {
            return; // some systems cannot open directories; the file data is forced anyway
        }
        try (dc) {
            dc.force(true);
        } catch (IOException e) {
            // Linux reports a failed directory fsync (EIO): the entries may not be on disk
            String m = String.valueOf(e.getMessage());
            if (!m.contains("Invalid argument") && !m.contains("not supported")) {
                throw e;
            }
        }
    }

    /**
     * Runs the jobs on the force threads (one of them inline, few jobs inline) and waits for
     * all of them, even after a failure; returns the first failure.
     */
    private static IOException runAll(List<java.util.concurrent.Callable<Void>> jobs) {
        if (jobs.isEmpty()) {
            return null;
        }
        IOException first = null;
        if (jobs.size() == 1) {
            try {
                jobs.get(0).call();
            } catch (IOException e) {
                return e;
            } catch (Exception e) {
                return new IOException(e);
            }
            return null;
        }
        List<java.util.concurrent.Future<Void>> fs = new ArrayList<>(jobs.size());
        for (var j : jobs) {
            fs.add(FORCERS.submit(j));
        }
        boolean interrupted = false;
        for (var f : fs) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the fsync still waits for every file (the caller's answer depends on it)
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return first;
    }

    /** Block ids of the files present (to find orphans after a crash) and their total size. */
    public Map<Long, Long> scan() throws IOException {
        Map<Long, Long> out = new java.util.HashMap<>();
        try (DirectoryStream<Path> subs = Files.newDirectoryStream(dir)) {
            for (Path sub : subs) {
                if (!Files.isDirectory(sub)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(sub)) {
                    for (Path f : files) {
                        try {
                            out.put(Long.parseLong(f.getFileName().toString()), Files.size(f));
                        } catch (NumberFormatException e) {
                            Files.deleteIfExists(f);
                        }
                    }
                }
            }
        }
        return out;
    }

    static FsException ioError(String what, IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left") || m.contains("Disk quota exceeded")) {
            return new FsException(Errno.ENOSPC, what + ": " + m, e);
        }
        return new FsException(Errno.EIO, what + ": " + m, e);
    }

    @Override
    public void close() {
        synchronized (doomed) {
            closing = true;
            doomed.notifyAll();
        }
        try {
            deleter.join(60_000); // it finishes the queue first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread t = precreator;
        if (t != null) {
            java.util.concurrent.locks.LockSupport.unpark(t);
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        java.util.function.LongSupplier ids = nextIds;
        long firstUnused = ids == null ? Long.MAX_VALUE : ids.getAsLong();
        for (Long id : new ArrayList<>(precreated)) {
            if (id < firstUnused) {
                continue; // the id was handed out (maybe as the thread made its file): not ours to delete
            }
            try {
                Files.deleteIfExists(path(id)); // made ahead, never used: no row names it
            } catch (IOException ignored) {
                // an orphan, removed at the next open
            }
        }
        precreated.clear();
        closeChannels();
    }

    private synchronized void closeChannels() {
        sizes.clear();
        for (FileChannel ch : open.values()) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        open.clear();
    }
}
