package org.qsfs.zdb.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qsfs.zdb.hooks.Hooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index of one namespace (index_root_t; libzdb/index*.c). User mode keeps every live key in
 * memory; sequential mode keeps only the {@link SequentialMap} and reads records from disk.
 */
public final class Index {
    private static final Logger LOG = LoggerFactory.getLogger(Index.class);
    static final String WRITE_ERROR = "Cannot write index right now";
    private static final long U32 = 0xFFFFFFFFL;

    final Path dir;
    final StorageSettings settings;
    final StorageStats global;
    private final SyncClock sync;
    IndexMode mode;
    long indexId;
    Path file;
    FileChannel ch;
    long size;           // end of the active index file
    long nextEntry;      // next sequential id (records ever appended, in sequential mode)
    long nextId;         // records appended to the active file (index_root_t.nextid)
    long previous;       // offset of the last appended record ...
    long previousFileId; // ... and its file (upstream assumes the active file; wrong after a jump)
    final Map<Key, IndexEntry> keys = new HashMap<>();
    final SequentialMap seqmap = new SequentialMap();
    final DirtyMap dirty = new DirtyMap();
    long statEntries;
    long statDataSize;
    long statSize;
    long errors;
    long lastError;
    private final IndexScanner scanner = new IndexScanner(this);

    Index(Path dir, IndexMode mode, StorageSettings settings, StorageStats global) {
        this.dir = dir;
        this.mode = mode;
        this.settings = settings;
        this.global = global;
        this.sync = new SyncClock(settings.sync(), settings.syncTimeSeconds());
    }

    Path pathOf(long id) {
        return dir.resolve(StorageFormat.indexFileName(id));
    }

    /** Opens the active file for appending (index_open_final). */
    void openActive(long id) throws IOException {
        indexId = id;
        file = pathOf(id);
        ch = FileIO.openReadWrite(file);
        size = ch.size();
    }

    /** Writes a fresh header in the active (empty) file (index_initialize). */
    void initializeActive() throws IOException {
        ch.truncate(0);
        FileIO.writeAt(ch, 0, FileHeaders.index(indexId, mode));
        size = StorageFormat.INDEX_HEADER_SIZE;
        global.idxDiskWrite += size;
        sync.afterWrite(ch);
    }

    /** index_rehash: mode-specific structures after a load or a mode switch. */
    void rehash() {
        keys.clear();
        seqmap.clear();
        if (mode == IndexMode.SEQUENTIAL) seqmap.push(0, 0);
    }

    private void ioError(String what, IOException e) {
        errors++;
        lastError = System.currentTimeMillis() / 1000;
        LOG.warn("index: {} {}: {}", what, file, e.toString());
    }

    // ---------------------------------------------------------------- accessors

    public IndexMode mode() {
        return mode;
    }

    /** index_next_id: the id the next sequential SET gets. */
    public long nextId() {
        return nextEntry;
    }

    public long nextEntry() {
        return nextEntry;
    }

    /** index_next_objectid: records in the active file. */
    public long nextObjectId() {
        return nextId;
    }

    public long entries() {
        return statEntries;
    }

    public long dataSize() {
        return statDataSize;
    }

    /** Upstream's "index_size_bytes": sizeof(index_entry_t) + id length per entry (both modes). */
    public long indexSize() {
        return statSize;
    }

    public long indexId() {
        return indexId;
    }

    public Path indexDir() {
        return dir;
    }

    public Path indexFile() {
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

    public List<Long> dirtyList() {
        return dirty.list();
    }

    public String dirtyListString() {
        return dirty.asString();
    }

    public void dirtyReset() {
        dirty.reset();
    }

    // ---------------------------------------------------------------- file access

    /** Channel for file id: the active one or a temporary read-only one (caller releases). */
    FileChannel grab(long id) {
        if (id == indexId) return ch;
        if (id < 0 || id > U32) return null;
        try {
            return FileIO.openRead(pathOf(id));
        } catch (IOException e) {
            return null;
        }
    }

    void release(FileChannel c) {
        if (c != ch) FileIO.closeQuietly(c);
    }

    /** Reads exactly n bytes of index file id at offset, or null. */
    byte[] read(long id, long offset, int n) {
        if (offset < 0 || offset > U32) return null;
        FileChannel c = grab(id);
        if (c == null) return null;
        try {
            byte[] b = FileIO.readExact(c, offset, n);
            if (b == null) {
                global.idxReadFailed++;
            } else {
                global.idxDiskRead += n;
            }
            return b;
        } catch (IOException e) {
            global.idxReadFailed++;
            return null;
        } finally {
            release(c);
        }
    }

    /** index_item_get_disk: the record at (indexId, idxOffset) with the given id length, or null. */
    public IndexItem itemFromDisk(long indexId, long idxOffset, int idLength) {
        if (idLength < 0 || idLength > StorageFormat.MAX_KEY_LENGTH || idxOffset < StorageFormat.INDEX_HEADER_SIZE) {
            return null;
        }
        byte[] raw = read(indexId, idxOffset, IndexRecords.SIZE + idLength);
        if (raw == null) return null;
        // a cursor pointing into the middle of a record is refused (upstream would trust it)
        if (IndexRecords.idLength(raw, 0) != idLength) return null;
        return fixDataId(IndexRecords.decode(raw, 0), indexId);
    }

    /**
     * In user mode the on-disk dataid is unreliable (0 for first inserts, see insertUser); the data
     * always lives in the data file with the same id as the index file holding the record.
     */
    IndexItem fixDataId(IndexItem item, long recordFileId) {
        if (mode == IndexMode.USER) item.dataId = recordFileId;
        return item;
    }

    // ---------------------------------------------------------------- lookups

    /**
     * index_get: the live entry of a key, or null when it never existed or is deleted. In sequential
     * mode the key is the 8-byte little-endian id; any other length gives null.
     */
    public IndexEntry get(byte[] key) {
        if (key == null) return null;
        if (mode == IndexMode.USER) {
            IndexEntry e = keys.get(new Key(key));
            return e == null || e.isDeleted() ? null : e;
        }
        if (key.length != StorageFormat.SEQ_KEY_SIZE) return null;
        long seq = Le.seqId(key);
        if (Long.compareUnsigned(seq, nextEntry) >= 0) return null;
        long fileId = seqmap.fileOf(seq);
        long offset = SequentialMap.offsetOf(seq - seqmap.firstOf(seq));
        IndexItem item = itemFromDisk(fileId, offset, StorageFormat.SEQ_KEY_SIZE);
        if (item == null || item.isDeleted() || !Arrays.equals(item.id, key)) return null;
        IndexEntry e = new IndexEntry();
        e.id = key.clone();
        e.offset = item.offset;
        e.length = item.length;
        e.flags = item.flags;
        e.dataId = item.dataId;
        e.indexId = fileId;
        e.idxOffset = offset;
        e.crc = item.crc;
        e.parentId = item.parentId;
        e.parentOff = item.parentOff;
        e.timestamp = item.timestamp;
        return e;
    }

    // ---------------------------------------------------------------- writes

    // index_append_entry_on_disk: returns the record offset
    private long append(IndexItem item) throws StorageException {
        long offset = size;
        if (offset > U32) throw new StorageException(WRITE_ERROR);
        ByteBuffer b = IndexRecords.encode(item);
        int n = b.remaining();
        try {
            FileIO.writeAt(ch, offset, b);
            size = offset + n;
            global.idxDiskWrite += n;
            sync.afterWrite(ch);
        } catch (IOException e) {
            global.idxWriteFailed++;
            ioError("write", e);
            try {
                ch.truncate(offset);
                size = offset;
            } catch (IOException ignored) {
                // the loader cuts a partial record on next start
            }
            throw new StorageException(WRITE_ERROR, e);
        }
        previous = offset;
        previousFileId = indexId;
        return offset;
    }

    // in-place rewrite of bytes of an older record (flags on delete, the whole slot in sequential mode)
    private void rewrite(long fileId, long offset, ByteBuffer bytes) throws IOException {
        FileChannel c = fileId == indexId ? ch : FileChannel.open(pathOf(fileId), java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.READ);
        try {
            int n = bytes.remaining();
            FileIO.writeAt(c, offset, bytes);
            global.idxDiskWrite += n;
            sync.afterWrite(c);
        } finally {
            if (c != ch) FileIO.closeQuietly(c);
        }
        dirty.set(fileId);
    }

    // index_entry_delete_disk: set the deleted flag of the record in place
    private void flagDeletedOnDisk(IndexEntry e) throws StorageException {
        byte[] raw = read(e.indexId, e.idxOffset, IndexRecords.SIZE);
        if (raw == null || IndexRecords.idLength(raw, 0) != e.id.length) throw new StorageException(WRITE_ERROR);
        int flags = (raw[IndexRecords.FLAGS_OFFSET] & 0xFF) | IndexEntry.FLAG_DELETED;
        try {
            rewrite(e.indexId, e.idxOffset + IndexRecords.FLAGS_OFFSET, ByteBuffer.wrap(new byte[] {(byte) flags}));
        } catch (IOException ex) {
            global.idxWriteFailed++;
            ioError("rewrite", ex);
            throw new StorageException(WRITE_ERROR, ex);
        }
    }

    /**
     * index_set: records a SET whose payload was just written at {@code dataOffset} of the active
     * data file. {@code existing} is the live entry from {@link #get} (null for a new key).
     * Returns the entry as it is now.
     */
    public IndexEntry set(byte[] id, long dataOffset, long length, long crc, long timestamp, IndexEntry existing)
            throws StorageException {
        if (id == null || id.length == 0 || id.length > StorageFormat.MAX_KEY_LENGTH) {
            throw new StorageException(WRITE_ERROR);
        }
        IndexEntry fresh = new IndexEntry();
        fresh.id = id.clone();
        fresh.offset = dataOffset;
        fresh.length = length;
        fresh.crc = crc & U32;
        fresh.timestamp = timestamp & U32;
        fresh.dataId = indexId; // data and index ids move together
        if (mode == IndexMode.USER) return existing == null ? insertUser(fresh) : updateUser(fresh, existing);
        if (id.length != StorageFormat.SEQ_KEY_SIZE) throw new StorageException(WRITE_ERROR);
        return existing == null ? insertSequential(fresh) : updateSequential(fresh, existing);
    }

    private IndexEntry insertUser(IndexEntry e) throws StorageException {
        e.indexId = indexId;
        // upstream quirk kept for byte compatibility: a first insert in user mode writes dataid 0
        // (command_set never fills it); readers use the record's own file id instead (see userDataId)
        IndexItem rec = IndexRecords.fromEntry(e, previous);
        rec.dataId = 0;
        e.idxOffset = append(rec);
        keys.put(new Key(e.id), e);
        statEntries++;
        statDataSize += e.length;
        statSize += StorageFormat.MEMORY_ENTRY_SIZE + e.id.length;
        nextEntry++;
        nextId++;
        return e;
    }

    private IndexEntry updateUser(IndexEntry e, IndexEntry existing) throws StorageException {
        // history: the new record points at the one it supersedes
        e.parentId = existing.indexId;
        e.parentOff = existing.idxOffset;
        e.indexId = indexId;
        // append first, then flag the old record: a crash in between leaves two live records, and the
        // loader's replay keeps the newer one (upstream flags first and could lose the key)
        long off = append(IndexRecords.fromEntry(e, previous));
        try {
            flagDeletedOnDisk(existing);
        } catch (StorageException ex) {
            LOG.warn("index: cannot flag superseded record {}/{} (the newer record wins on load)",
                    existing.indexId, existing.idxOffset);
        }
        statDataSize += e.length - existing.length;
        existing.parentId = e.parentId;
        existing.parentOff = e.parentOff;
        existing.offset = e.offset;
        existing.length = e.length;
        existing.flags = 0;
        existing.dataId = e.dataId;
        existing.indexId = indexId;
        existing.idxOffset = off;
        existing.crc = e.crc;
        existing.timestamp = e.timestamp;
        keys.put(new Key(existing.id), existing);
        return existing;
    }

    private IndexEntry insertSequential(IndexEntry e) throws StorageException {
        if (Le.seqId(e.id) != nextEntry) throw new StorageException(WRITE_ERROR);
        e.indexId = indexId;
        e.idxOffset = append(IndexRecords.fromEntry(e, previous));
        statEntries++;
        statDataSize += e.length;
        statSize += StorageFormat.MEMORY_ENTRY_SIZE + e.id.length;
        nextEntry++;
        nextId++;
        return e;
    }

    // index_update_entry_sequential: append a deleted copy of the old record (history), then rewrite
    // the key's own slot with the new location; the copy consumes one sequential id
    private IndexEntry updateSequential(IndexEntry e, IndexEntry existing) throws StorageException {
        long seq = Le.seqId(e.id);
        long slotFile = seqmap.fileOf(seq);
        long slotOff = SequentialMap.offsetOf(seq - seqmap.firstOf(seq));
        byte[] original = read(slotFile, slotOff, IndexRecords.SIZE + StorageFormat.SEQ_KEY_SIZE);
        if (original == null || !Arrays.equals(original, IndexRecords.SIZE, original.length, e.id, 0, 8)) {
            throw new StorageException(WRITE_ERROR);
        }
        IndexEntry copy = existing.copy();
        copy.flags |= IndexEntry.FLAG_DELETED;
        long copyOff = append(IndexRecords.fromEntry(copy, previous));
        long copyFile = indexId;
        nextEntry++;
        nextId++;

        e.parentId = copyFile;
        e.parentOff = copyOff;
        e.indexId = slotFile;
        e.idxOffset = slotOff;
        // keep the slot's original 'previous' so RSCAN still walks file order
        long keptPrevious = Le.u32(Le.wrap(original), IndexRecords.PREVIOUS_OFFSET);
        try {
            rewrite(slotFile, slotOff, IndexRecords.encode(IndexRecords.fromEntry(e, keptPrevious)));
        } catch (IOException ex) {
            global.idxWriteFailed++;
            ioError("rewrite", ex);
            throw new StorageException(WRITE_ERROR, ex);
        }
        statDataSize += e.length - existing.length;
        return e;
    }

    /** index_entry_delete: flags the record deleted on disk and forgets the key in memory. */
    public void deleteEntry(IndexEntry e, long timestamp) throws StorageException {
        if (e == null || e.isDeleted()) throw new StorageException("Cannot delete key (index)");
        try {
            flagDeletedOnDisk(e);
        } catch (StorageException ex) {
            throw new StorageException("Cannot delete key (index)", ex);
        }
        e.flags |= IndexEntry.FLAG_DELETED;
        statEntries--;
        statDataSize -= e.length;
        statSize -= StorageFormat.MEMORY_ENTRY_SIZE + e.id.length;
        if (mode == IndexMode.USER) keys.remove(new Key(e.id));
    }

    /** index_jump_next: closes the active file and starts the next one; runs "jump-index" and waits. */
    public long jumpNext() throws StorageException {
        Hooks hooks = settings.hooks();
        Path old = file;
        String dirtyList = hooks.enabled() ? dirty.asString() : null;
        try {
            ch.force(false);
        } catch (IOException e) {
            ioError("sync", e);
        }
        FileIO.closeQuietly(ch);
        try {
            openActive(indexId + 1);
            initializeActive();
        } catch (IOException e) {
            ioError("jump", e);
            throw new StorageException(WRITE_ERROR, e);
        }
        nextId = 0;
        if (hooks.enabled()) {
            if (hooks.fireAndWait("jump-index", settings.zdbId(), old.toString(), file.toString(), dirtyList) == 0) {
                dirty.reset();
            }
        }
        if (mode == IndexMode.SEQUENTIAL) seqmap.push(nextEntry, indexId);
        return indexId;
    }

    /** index_switch_mode + index_rehash: only valid on a fresh namespace (checked by the caller). */
    void switchMode(IndexMode m) throws IOException {
        mode = m;
        try (FileChannel c = FileChannel.open(pathOf(0), java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            FileIO.writeAt(c, 28, ByteBuffer.wrap(new byte[] {(byte) m.code()}));
            c.force(false);
        }
        rehash();
    }

    // ---------------------------------------------------------------- cursors

    /** index_entry_serialize: the 17-byte SCAN cursor. */
    public byte[] serializeCursor(IndexEntry e) {
        return cursor(e.id.length, e.indexId, e.length, e.idxOffset, e.crc);
    }

    /** index_item_serialize. */
    public byte[] serializeCursor(IndexItem item, long idxOffset, long indexId) {
        return cursor(item.id.length, indexId, item.length, idxOffset, item.crc);
    }

    private static byte[] cursor(int idLength, long fileId, long length, long idxOffset, long crc) {
        ByteBuffer b = Le.allocate(StorageFormat.BKEY_SIZE);
        b.put((byte) idLength);
        Le.putU32(b, fileId);
        Le.putU32(b, length);
        Le.putU32(b, idxOffset);
        Le.putU32(b, crc);
        return b.array();
    }

    /** index_entry_deserialize: validates the cursor against the record it points to; null if invalid. */
    public IndexEntry deserializeCursor(byte[] bkey) {
        if (bkey == null || bkey.length != StorageFormat.BKEY_SIZE) return null;
        ByteBuffer b = Le.wrap(bkey);
        int idLength = Le.u8(b, 0);
        long fileId = Le.u32(b, 1);
        long length = Le.u32(b, 5);
        long idxOffset = Le.u32(b, 9);
        long crc = Le.u32(b, 13);
        IndexItem item = itemFromDisk(fileId, idxOffset, idLength);
        if (item == null || item.length != length || item.crc != crc) return null;
        IndexEntry e = new IndexEntry();
        e.id = item.id;
        e.offset = item.offset;
        e.dataId = item.dataId;
        e.indexId = fileId;
        e.flags = item.flags;
        e.idxOffset = idxOffset;
        e.crc = item.crc;
        e.length = item.length;
        e.parentId = item.parentId;
        e.parentOff = item.parentOff;
        e.timestamp = item.timestamp;
        return e;
    }

    // ---------------------------------------------------------------- scans

    public ScanStep first() {
        return scanner.first();
    }

    public ScanStep last() {
        return scanner.last();
    }

    public ScanStep next(long fileId, long idxOffset) {
        return scanner.next(fileId, idxOffset);
    }

    public ScanStep previous(long fileId, long idxOffset) {
        return scanner.previous(fileId, idxOffset);
    }

    // ---------------------------------------------------------------- lifecycle

    void emergency() {
        FileIO.forceQuietly(ch, file, LOG);
    }

    void close() {
        emergency();
        FileIO.closeQuietly(ch);
    }

    static void deleteFiles(Path dir) throws IOException {
        FileIO.deleteNumbered(dir, 'i');
    }
}
