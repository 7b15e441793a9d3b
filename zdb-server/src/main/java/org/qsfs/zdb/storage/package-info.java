/**
 * Storage layer of zdb-server: a Java port of upstream 0-db v2.0.7 {@code libzdb}, byte-compatible
 * on disk (see docs/FORMATS.md, "zdb-server on-disk format").
 *
 * <p>Final API (everything is called from one thread at a time; no internal locking):
 * <pre>
 * Namespaces.open(StorageSettings) / get(name) / getDefault() / validName(name) / create(name) /
 *   delete(ns) / list() / size() / settings() / stats() / close() / emergency()
 * Namespace: name() password() setPassword() isPublic() setPublic() maxSize() setMaxSize() worm()
 *   setWorm() lock() setLock() isLocked() isFrozen() freeze() unfreeze() commit() isFresh()
 *   switchMode(mode) flush() reload() index() data()
 *   needsJump(len)         command_set's check: data next offset + len &gt; datasize
 *   rotateIfNeeded(len)    needsJump then jump(); returns true when it jumped
 *   jump()                 index_jump_next + data_jump_next (NSJUMP), returns new file id
 * Index: mode() get(key) set(...) nextId() jumpNext() deleteEntry(e, ts) itemFromDisk(...)
 *   serializeCursor(entry|item,..) deserializeCursor(bkey) first() last() next(f,o) previous(f,o)
 *   dirtyList() dirtyListString() dirtyReset() entries() dataSize() indexSize() indexId()
 *   nextEntry() nextObjectId() indexDir() indexFile() errors() lastError() faults()
 * DataStore: insert(...) get(...) check(off, id) delete(id, ts) nextOffset() jumpNext(id) dataId()
 *   raw(id, off) dataDir() dataFile() errors() lastError() faults()
 * Crc32.compute(b, off, len)      libzdb zdb_crc32 (CRC-32C, init 0, no final xor)
 * StorageFormat                   versions, magics, struct sizes, file names
 * </pre>
 *
 * <p>Differences from the brief, following the C code:
 * <ul>
 * <li>{@link org.qsfs.zdb.storage.Index#get} returns null for a deleted key, as upstream index_get
 *     does (the raw branch lookup index_entry_get is internal).</li>
 * <li>DEL appends a tombstone to the data file only; the index record of the key is flagged deleted
 *     in place (index_entry_delete_disk), no index record is appended.</li>
 * <li>{@link org.qsfs.zdb.storage.DataStore#check} returns false both on crc mismatch and on read
 *     error (upstream replies :0 / :-1).</li>
 * </ul>
 */
package org.qsfs.zdb.storage;
