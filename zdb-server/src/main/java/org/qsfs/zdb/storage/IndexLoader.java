package org.qsfs.zdb.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rebuilds an {@link Index} from its files (libzdb/index_loader.c). */
final class IndexLoader {
    private static final Logger LOG = LoggerFactory.getLogger(IndexLoader.class);

    private IndexLoader() {
    }

    /** Number of index files i0..i(n-1) present without a gap (index_availity_check). */
    static long countFiles(Path dir) {
        long n = 0;
        while (Files.isRegularFile(dir.resolve(StorageFormat.indexFileName(n)))) n++;
        return n;
    }

    static void load(Index idx, IndexMode defaultMode, boolean mixed) throws IOException {
        Files.createDirectories(idx.dir);
        if (Files.exists(idx.dir.resolve("zdb-index-00000"))) {
            throw new IOException(idx.dir + ": index directory contains an unsupported pre-v2 database");
        }
        idx.mode = defaultMode;
        idx.rehash();
        long files = countFiles(idx.dir);
        if (files == 0 || (files == 1 && Files.size(idx.pathOf(0)) == 0)) {
            idx.openActive(0);
            idx.initializeActive();
            return;
        }
        for (long f = 0; f < files; f++) loadFile(idx, f, defaultMode, mixed);
        idx.openActive(files - 1);
        LOG.debug("index: {} loaded: {} entries, next id {}", idx.dir, idx.statEntries, idx.nextEntry);
    }

    private static void loadFile(Index idx, long fileId, IndexMode defaultMode, boolean mixed) throws IOException {
        Path p = idx.pathOf(fileId);
        try (RecordStream in = new RecordStream(p, 0)) {
            byte[] header = in.read(StorageFormat.INDEX_HEADER_SIZE);
            String bad = header == null ? "incomplete header" : FileHeaders.checkIndex(header);
            if (bad != null) throw new IOException(p + ": " + bad);
            IndexMode mode = FileHeaders.indexMode(header);
            if (!mixed && mode != defaultMode) {
                throw new IOException(p + ": index created in " + mode.upstreamName()
                        + " mode, server running in " + defaultMode.upstreamName() + " mode");
            }
            if (mode != idx.mode) {
                idx.mode = mode;
                idx.rehash();
            }
            if (mode == IndexMode.SEQUENTIAL) idx.seqmap.push(idx.nextEntry, fileId);
            idx.nextId = 0;
            while (true) {
                long offset = in.position();
                byte[] fixed = in.read(IndexRecords.SIZE);
                if (fixed == null) break;
                byte[] id = in.read(IndexRecords.idLength(fixed, 0));
                if (id == null) {
                    // TailRepair removes partial records of the last file; older files are trusted like upstream
                    LOG.warn("index: {}: partial record at {} ignored", p, offset);
                    break;
                }
                IndexItem item = IndexRecords.decode(fixed, 0);
                item.id = id;
                replay(idx, item, fileId, offset);
            }
        }
    }

    // index_set_memory + replayed deletion
    private static void replay(Index idx, IndexItem item, long fileId, long offset) {
        idx.previous = offset;
        idx.previousFileId = fileId;
        if (idx.mode == IndexMode.SEQUENTIAL) {
            idx.nextEntry++;
            idx.nextId++;
            if (!item.isDeleted()) {
                idx.statEntries++;
                idx.statDataSize += item.length;
                idx.statSize += StorageFormat.MEMORY_ENTRY_SIZE + item.id.length;
            }
            return;
        }
        Key key = new Key(item.id);
        IndexEntry e = idx.keys.get(key);
        if (e != null) {
            // a newer record of a live key: it supersedes the one in memory
            idx.statDataSize += item.length - e.length;
            e.parentId = e.indexId;
            e.parentOff = e.idxOffset;
        } else {
            e = new IndexEntry();
            e.id = item.id;
            e.parentId = item.parentId;
            e.parentOff = item.parentOff;
            idx.keys.put(key, e);
            idx.statEntries++;
            idx.statDataSize += item.length;
            idx.statSize += StorageFormat.MEMORY_ENTRY_SIZE + item.id.length;
            idx.nextEntry++;
            idx.nextId++;
        }
        e.offset = item.offset;
        e.length = item.length;
        e.flags = item.flags;
        e.dataId = fileId; // index_insert_memory_handler_memkey: the on-disk dataid is not trusted
        e.indexId = fileId;
        e.idxOffset = offset;
        e.crc = item.crc;
        e.timestamp = item.timestamp;
        if (e.isDeleted()) {
            idx.keys.remove(key);
            idx.statEntries--;
            idx.statDataSize -= e.length;
            idx.statSize -= StorageFormat.MEMORY_ENTRY_SIZE + item.id.length;
        }
    }
}
