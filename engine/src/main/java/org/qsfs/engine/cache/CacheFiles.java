package org.qsfs.engine.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;

/**
 * The plaintext block files of the cache, one file per block row ({@link BlockFileLayout}).
 * Keeps a few channels open (sequential I/O would otherwise reopen a file per call),
 * remembers what was written since the last {@link #force}, and enforces an optional byte
 * quota on the directory, which behaves like a full disk (ENOSPC). Files are made ahead
 * ({@link BlockFilePrecreator}), deleted in the background ({@link BlockFileDeleter}) and
 * forced in parallel ({@link CacheFsync}).
 *
 * <p>Thread-safe; the volume's lock orders writes to one file.
 */
public final class CacheFiles implements AutoCloseable {
    private static final int OPEN_CHANNELS = 64;

    private final BlockFileLayout layout;
    private final long quota;
    private final AtomicLong diskBytes = new AtomicLong();
    private final Map<Long, FileChannel> open = new LinkedHashMap<>(OPEN_CHANNELS, 0.75f, true);
    private final Set<Long> unsynced = new HashSet<>();
    /**
     * The size of each file with an open channel, as written through it (an fstat per write
     * was a syscall per 128 KiB of a sequential write); guarded by this, forgotten with the channel.
     */
    private final Map<Long, Long> sizes = new HashMap<>();
    private final Set<Path> newDirEntries = new HashSet<>();
    private final BlockFilePrecreator precreator;
    private final BlockFileDeleter deleter;
    private final CacheFsync fsync;

    /**
     * @param quota the most bytes the files may hold together (0 = only the disk limits them):
     *     a write beyond it fails with ENOSPC as on a full disk
     */
    public CacheFiles(Path dir, long quota) throws IOException {
        this.layout = new BlockFileLayout(dir);
        this.quota = quota;
        this.precreator = new BlockFilePrecreator(layout);
        this.fsync = new CacheFsync(layout);
        this.deleter = new BlockFileDeleter(this::deleteFile);
    }

    public Path dir() {
        return layout.dir();
    }

    public Path path(long id) {
        return layout.path(id);
    }

    /**
     * Keeps empty files ready for the next block ids ({@code nextId} tells where ids continue):
     * a new block then opens an existing file instead of creating one, which was most of the
     * cost of a sequential write after the SQLite work was gone. See {@link BlockFilePrecreator}.
     */
    public void startPrecreation(LongSupplier nextId) {
        precreator.start(nextId);
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
        if (ch != null && ch.isOpen()) {
            return ch;
        }
        if (ch != null) {
            // closed by a thread interrupted while it used it (ClosedByInterruptException closes
            // the channel for everyone): kept here, it failed every later call, retries included
            open.remove(id);
            sizes.remove(id);
        }
        Path p = path(id);
        boolean empty = false; // a file made ahead or made here: its size needs no fstat (10 us here)
        if (create) {
            if (precreator.claim(id)) {
                newDirEntries.add(p.getParent()); // made ahead: its directory entry is new all the same
                empty = true;
            } else if (!Files.exists(p)) {
                newDirEntries.add(p.getParent());
                empty = true;
            }
        }
        ch = create ? FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE) : FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        open.put(id, ch);
        if (empty) {
            sizes.put(id, 0L);
        }
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
        write(id, pos, ByteBuffer.wrap(buf, off, len));
    }

    /**
     * Writes the remaining bytes of {@code src} at {@code pos} of block file {@code id}, creating
     * it; {@code src}'s position does not move. A direct buffer goes to the file as it is (a heap
     * one is copied into a temporary direct buffer by the JDK first: the mount's WRITE payloads
     * come direct, see {@link org.qsfs.engine.fs.FsOperations#write(long, long, ByteBuffer)}).
     */
    public void write(long id, long pos, ByteBuffer src) throws FsException {
        for (int attempt = 0;; attempt++) {
            try {
                write1(id, pos, src.duplicate());
                return;
            } catch (FsException e) {
                if (!reopenAndRetry(e, attempt)) {
                    throw e;
                }
            }
        }
    }

    /** Test hook: called before each write of a block file. */
    static volatile ReadHook writeHook;

    private void write1(long id, long pos, ByteBuffer b) throws FsException {
        int len = b.remaining();
        try {
            ReadHook hook = writeHook;
            if (hook != null) {
                hook.before(id, pos, len); // may fail the write as the disk would
            }
            FileChannel ch = channel(id, true);
            long size = size(id, ch);
            long growth = Math.max(0, pos + len - size);
            reserveDisk(growth);
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
            throw new FsException(Errno.ENOSPC, "the cache directory " + layout.dir() + " is full (" + quota + " bytes)");
        }
    }

    /** Reads up to {@code len} bytes at {@code pos}; returns how many the file had (0 past its end). */
    public int read(long id, long pos, byte[] buf, int off, int len) throws FsException {
        return read(id, pos, ByteBuffer.wrap(buf, off, len));
    }

    /**
     * Reads up to {@code dst.remaining()} bytes at {@code pos} into {@code dst}, advancing its
     * position; returns how many the file had (0 past its end). A direct {@code dst} is filled
     * straight from the page cache (a heap one goes through the JDK's temporary direct buffer).
     */
    public int read(long id, long pos, ByteBuffer dst) throws FsException {
        int start = dst.position();
        for (int attempt = 0;; attempt++) {
            try {
                return read1(id, pos, dst);
            } catch (FsException e) {
                if (!reopenAndRetry(e, attempt)) {
                    throw e;
                }
                dst.position(start);
            }
        }
    }

    /**
     * Whether a call that failed with {@code e} is tried again: when another thread closed its
     * channel (the least recently used of too many open, or one interrupted while it used it),
     * the next try opens it again ({@link #channel}). Not when this thread is interrupted: each
     * try would only close the channel again.
     */
    private static boolean reopenAndRetry(FsException e, int attempt) {
        return attempt < 3 && e.getCause() instanceof ClosedChannelException
                && !(e.getCause() instanceof ClosedByInterruptException) && !Thread.currentThread().isInterrupted();
    }

    /** Test hook: called before each read of a block file ({@link #writeHook}: each write). */
    static volatile ReadHook readHook;

    /** See {@link #readHook}. */
    interface ReadHook {
        void before(long id, long pos, int len) throws IOException;
    }

    private int read1(long id, long pos, ByteBuffer b) throws FsException {
        try {
            ReadHook hook = readHook;
            if (hook != null) {
                hook.before(id, pos, b.remaining()); // may fail the read as the disk would
            }
            FileChannel ch = channel(id, false);
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

    /**
     * The first {@code len} bytes of block file {@code id}: {@link CacheCopyCutShort} when the file
     * is missing or shorter (a crash took its unforced bytes), an {@link FsException} when it
     * cannot be read (which may pass: the caller tries again later, it does not assume zeros).
     */
    public byte[] readWhole(long id, int len) throws FsException, CacheCopyCutShort {
        byte[] b = new byte[len];
        int n = read(id, 0, b, 0, len);
        if (n < len) {
            throw new CacheCopyCutShort(id, b, n); // b holds zeros past n
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
                if (!reopenAndRetry(e, attempt)) {
                    throw e;
                }
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
     * Deletes block file {@code id} on a background thread ({@link BlockFileDeleter}): for a
     * block whose row is gone, so no file of that name is ever written again. A crash before
     * the unlink leaves an orphan, removed at the next open.
     */
    public void deleteLater(long id) {
        forgetOpen(id);
        deleter.submit(id);
    }

    /** Whether files are waiting for the background deleter. */
    public boolean pendingDeletions() {
        return deleter.pending();
    }

    /** Waits until the background deleter has deleted everything queued so far (a full cache disk, a benchmark). */
    public void awaitDeletions() {
        deleter.await();
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

    /** Test hook: called with each file or directory before it is forced (may throw). */
    static volatile ForceHook forceHook;

    /** See {@link #forceHook}. */
    interface ForceHook {
        void before(Path p) throws IOException;
    }

    /**
     * fsync of every block file written since the last call, and of directories that gained
     * files (the directories after the files: a file made ahead is forced before the entry
     * that names it). Files, then directories, are forced from {@value CacheFsync#FORCE_THREADS}
     * threads at once; returns only when all are done, and fails (EIO) when any failed. What
     * failed is marked unsynced again, so the next fsync tries it again.
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
        IOException failed = fsync.forceFiles(ids, chans);
        if (failed != null) {
            synchronized (this) {
                unsynced.addAll(ids); // forcing one again is harmless
                newDirEntries.addAll(dirs);
            }
            throw ioError("fsync of the cache", failed);
        }
        failed = fsync.forceDirs(dirs);
        if (failed != null) {
            synchronized (this) {
                newDirEntries.addAll(dirs);
            }
            throw ioError("fsync of the cache directories", failed);
        }
    }

    /** Block ids of the files present (to find orphans after a crash) and their sizes. */
    public Map<Long, Long> scan() throws IOException {
        return layout.scan();
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
        precreator.stopMaking(); // no new files made ahead while the deleter drains its queue
        deleter.close(); // it finishes the queue first
        precreator.close(); // then the thread ends and unused files made ahead go
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