package org.qsfs.zdb.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.qsfs.zdb.hooks.Hooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The data files of one namespace (data_root_t, libzdb/data.c). */
public final class DataStore {
    private static final Logger LOG = LoggerFactory.getLogger(DataStore.class);
    static final String WRITE_ERROR = "Cannot write data right now";
    private static final long U32 = 0xFFFFFFFFL;

    private final Path dir;
    private final StorageSettings settings;
    private final StorageStats global;
    private final SyncClock sync;
    /** Null in --sync mode, where every write is forced anyway. */
    private final WritebackAhead ahead;
    private long dataId;
    private Path file;
    private FileChannel ch;
    private long size;      // current end of the active file (writes always append here)
    private long previous;  // offset of the last entry header in the active file
    private long errors;
    private long lastError;

    DataStore(Path dir, long dataId, StorageSettings settings, StorageStats global) throws IOException {
        this.dir = dir;
        this.settings = settings;
        this.global = global;
        this.sync = new SyncClock(settings.sync(), settings.syncTimeSeconds());
        this.ahead = settings.sync() ? null : new WritebackAhead();
        open(dataId);
    }

    // data_initialize + data_open_final
    private void open(long id) throws IOException {
        dataId = id;
        file = dir.resolve(StorageFormat.dataFileName(id));
        ch = FileIO.openReadWrite(file);
        if (ch.size() < StorageFormat.DATA_HEADER_SIZE) {
            ch.truncate(0);
            FileIO.writeAt(ch, 0, FileHeaders.data(id));
            global.dataDiskWrite += StorageFormat.DATA_HEADER_SIZE;
            sync.afterWrite(ch);
        }
        size = ch.size();
        previous = findLastEntry();
        LOG.debug("data: active file {} ({} bytes, last entry at {})", file, size, previous);
    }

    // walks entry headers to find the last one; TailRepair already cut torn tails
    private long findLastEntry() throws IOException {
        long off = StorageFormat.DATA_HEADER_SIZE;
        long last = 0;
        while (off + DataEntryHeader.SIZE <= size) {
            byte[] h = FileIO.readExact(ch, off, DataEntryHeader.SIZE);
            if (h == null) break;
            DataEntryHeader d = DataEntryHeader.decode(h);
            last = off;
            off += d.entrySize();
        }
        return last;
    }

    private void ioError(String what, IOException e) {
        errors++;
        lastError = System.currentTimeMillis() / 1000;
        LOG.warn("data: {} {}: {}", what, file, e.toString());
    }

    /** data_insert: appends header + id + payload, returns the header offset (always &ge; 28). */
    public long insert(byte[] data, byte[] id, int flags, long crc, long timestamp) throws StorageException {
        return insert(ByteBuffer.wrap(data), id, flags, crc, timestamp);
    }

    /**
     * As {@link #insert(byte[], byte[], int, long, long)} for the bytes between {@code data}'s
     * position and limit (not moved): a direct buffer is written to the file without a copy.
     */
    public long insert(ByteBuffer data, byte[] id, int flags, long crc, long timestamp) throws StorageException {
        long offset = size;
        if (id.length > StorageFormat.MAX_KEY_LENGTH || offset > U32) throw new StorageException(WRITE_ERROR);
        int length = data.remaining();
        ByteBuffer head = DataEntryHeader.encode(id, length, previous, crc, flags, timestamp);
        long total = head.remaining() + (long) length;
        try {
            FileIO.writeAt(ch, offset, head, data.duplicate());
            size = offset + total;
            global.dataDiskWrite += total;
            sync.afterWrite(ch);
            if (ahead != null) {
                ahead.appended(ch, total);
            }
        } catch (IOException e) {
            global.dataWriteFailed++;
            ioError("write", e);
            rollback(offset);
            throw new StorageException(WRITE_ERROR, e);
        }
        previous = offset;
        return offset;
    }

    // a failed append must not leave half an entry that would shift the next one
    private void rollback(long offset) {
        try {
            ch.truncate(offset);
            size = offset;
        } catch (IOException e) {
            LOG.warn("data: cannot roll back partial write in {}: {}", file, e.toString());
        }
    }

    /** data_delete: appends a tombstone (flags deleted, empty payload, crc 0). */
    public void delete(byte[] id, long timestamp) throws StorageException {
        insert(new byte[0], id, 1 /* DATA_ENTRY_DELETED */, 0, timestamp);
    }

    public long nextOffset() {
        return size;
    }

    public long dataId() {
        return dataId;
    }

    public Path dataDir() {
        return dir;
    }

    public Path dataFile() {
        return file;
    }

    public long errors() {
        return errors;
    }

    public long lastError() {
        return lastError;
    }

    public long faults() {
        return 0;
    }

    /** data_jump_next: closes the active file and starts file {@code newId}; fires "jump-data". */
    public long jumpNext(long newId) throws StorageException {
        Path old = file;
        settleWriteback();
        try {
            ch.force(false);
        } catch (IOException e) {
            ioError("sync", e);
        }
        FileIO.closeQuietly(ch);
        try {
            open(newId);
        } catch (IOException e) {
            ioError("open", e);
            throw new StorageException(WRITE_ERROR, e);
        }
        Hooks hooks = settings.hooks();
        if (hooks.enabled()) hooks.fire("jump-data", settings.zdbId(), old.toString(), file.toString());
        return dataId;
    }

    // data_grab_dataid: the active channel, or a temporary one (closed by the caller) for older files
    private FileChannel grab(long id) {
        if (id == dataId) return ch;
        if (id < 0 || id > U32) return null;
        Path p = dir.resolve(StorageFormat.dataFileName(id));
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                return FileIO.openRead(p);
            } catch (NoSuchFileException e) {
                // data_open_notfound_hook: the hook may restore the file; retry once
                if (attempt > 0 || !settings.hooks().enabled()) break;
                if (settings.hooks().fireAndWait("missing-data", settings.zdbId(), p.toString()) != 0) break;
            } catch (IOException e) {
                break;
            }
        }
        LOG.warn("data: cannot open {}", p);
        return null;
    }

    private void release(long id, FileChannel c) {
        if (c != ch) FileIO.closeQuietly(c);
    }

    /** data_get: the payload of the entry at {@code offset}, or null when it cannot be read. */
    public byte[] get(long offset, long length, long dataId, int idLength) {
        if (offset < StorageFormat.DATA_HEADER_SIZE || length < 0 || length > StorageFormat.MAX_PAYLOAD
                || idLength < 0) {
            return null;
        }
        FileChannel c = grab(dataId);
        if (c == null) return null;
        try {
            if (length == 0) {
                // length unknown: take it from the entry header (upstream: empty payload on failure)
                byte[] h = FileIO.readExact(c, offset, DataEntryHeader.SIZE);
                if (h == null) return new byte[0];
                length = DataEntryHeader.decode(h).dataLength();
                if (length == 0 || length > StorageFormat.MAX_PAYLOAD) return new byte[0];
            }
            byte[] payload = FileIO.readExact(c, offset + DataEntryHeader.SIZE + idLength, (int) length);
            if (payload == null) {
                global.dataReadFailed++;
                return null;
            }
            global.dataDiskRead += length;
            return payload;
        } catch (IOException e) {
            global.dataReadFailed++;
            ioError("read", e);
            return null;
        } finally {
            release(dataId, c);
        }
    }

    /**
     * data_get of a payload whose length is known (&gt; 0) into {@code into} (position 0,
     * limit the length), for large replies.
     *
     * @return false when it cannot be read (as {@link #get} returning null)
     */
    public boolean readPayload(long offset, long length, long dataId, int idLength, ByteBuffer into) {
        if (offset < StorageFormat.DATA_HEADER_SIZE || length <= 0 || length > StorageFormat.MAX_PAYLOAD
                || idLength < 0 || into.remaining() != length) {
            return false;
        }
        FileChannel c = grab(dataId);
        if (c == null) return false;
        try {
            if (!FileIO.readFully(c, offset + DataEntryHeader.SIZE + idLength, into)) {
                global.dataReadFailed++;
                return false;
            }
            global.dataDiskRead += length;
            return true;
        } catch (IOException e) {
            global.dataReadFailed++;
            ioError("read", e);
            return false;
        } finally {
            release(dataId, c);
        }
    }

    /** data_check: true when the payload at {@code offset} matches the crc in its header. */
    public boolean check(long offset, long dataId) {
        return checkStatus(offset, dataId) == 1;
    }

    /** data_check with upstream's result: 1 match, 0 mismatch, -1 read error. */
    public int checkStatus(long offset, long dataId) {
        if (offset < StorageFormat.DATA_HEADER_SIZE) return -1;
        FileChannel c = grab(dataId);
        if (c == null) return -1;
        try {
            byte[] h = FileIO.readExact(c, offset, DataEntryHeader.SIZE);
            if (h == null) return -1;
            DataEntryHeader d = DataEntryHeader.decode(h);
            if (d.dataLength() > StorageFormat.MAX_PAYLOAD) return -1;
            byte[] payload = FileIO.readExact(c, offset + DataEntryHeader.SIZE + d.idLength(), (int) d.dataLength());
            if (payload == null) {
                global.dataReadFailed++;
                return -1;
            }
            global.dataDiskRead += payload.length;
            return Crc32.compute(payload, 0, payload.length) == d.integrity() ? 1 : 0;
        } catch (IOException e) {
            ioError("read", e);
            return -1;
        } finally {
            release(dataId, c);
        }
    }

    /** data_raw_get: the whole entry at (dataId, offset), for DATA RAW. */
    public DataRaw raw(long dataId, long offset) {
        if (offset < 0) return DataRaw.error(DataRaw.UNEXPECTED);
        FileChannel c = grab(dataId);
        if (c == null) return DataRaw.error(DataRaw.UNEXPECTED);
        try {
            if (offset >= c.size()) return DataRaw.error(DataRaw.EOF);
            byte[] h = FileIO.readExact(c, offset, DataEntryHeader.SIZE);
            if (h == null) return DataRaw.error(DataRaw.UNEXPECTED);
            DataEntryHeader d = DataEntryHeader.decode(h);
            if (d.dataLength() > StorageFormat.MAX_PAYLOAD) return DataRaw.error(DataRaw.UNEXPECTED);
            byte[] id = FileIO.readExact(c, offset + DataEntryHeader.SIZE, d.idLength());
            if (id == null || d.deleted()) return DataRaw.error(DataRaw.UNEXPECTED);
            byte[] payload = FileIO.readExact(c, offset + DataEntryHeader.SIZE + d.idLength(), (int) d.dataLength());
            if (payload == null) return DataRaw.error(DataRaw.UNEXPECTED);
            return new DataRaw(d.idLength(), d.dataLength(), d.previous(), d.integrity(), d.flags(), d.timestamp(),
                    id, payload, 0);
        } catch (IOException e) {
            return DataRaw.error(DataRaw.UNEXPECTED);
        } finally {
            release(dataId, c);
        }
    }

    /** data_emergency: fsync the active file. */
    void emergency() {
        FileIO.forceQuietly(ch, file, LOG);
    }

    void close() {
        settleWriteback();
        emergency();
        FileIO.closeQuietly(ch);
    }

    private void settleWriteback() {
        if (ahead != null) {
            ahead.settle();
        }
    }

    static void deleteFiles(Path dir) throws IOException {
        FileIO.deleteNumbered(dir, 'd');
    }
}
