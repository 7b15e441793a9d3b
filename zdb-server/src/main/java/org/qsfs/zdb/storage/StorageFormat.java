package org.qsfs.zdb.storage;

/** Constants of the upstream 0-db v2 on-disk format (libzdb.h, data.h, index.h, namespace.h). */
public final class StorageFormat {
    private StorageFormat() {
    }

    /** ZDB_DATAFILE_VERSION */
    public static final int DATA_VERSION = 3;
    /** ZDB_IDXFILE_VERSION */
    public static final int INDEX_VERSION = 4;
    /** NAMESPACE_CURRENT_VERSION */
    public static final int NAMESPACE_VERSION = 1;

    public static final byte[] DATA_MAGIC = {'D', 'A', 'T', '0'};
    public static final byte[] INDEX_MAGIC = {'I', 'D', 'X', '0'};

    /** sizeof(data_header_t), packed */
    public static final int DATA_HEADER_SIZE = 28;
    /** sizeof(data_entry_header_t), packed, id follows */
    public static final int DATA_ENTRY_HEADER_SIZE = 18;
    /** sizeof(index_header_t), packed */
    public static final int INDEX_HEADER_SIZE = 29;
    /** sizeof(index_item_t), packed, id follows */
    public static final int INDEX_ITEM_SIZE = 34;
    /** sizeof(ns_header_t), packed, name and password follow */
    public static final int NS_HEADER_SIZE = 15;
    /** sizeof(index_bkey_t): SCAN cursor */
    public static final int BKEY_SIZE = 17;
    /** sizeof(index_ekey_t): HISTORY cursor */
    public static final int EKEY_SIZE = 8;
    /** sizeof(seqid_t): sequential key length */
    public static final int SEQ_KEY_SIZE = 8;

    /** ZDB_DATA_MAX_PAYLOAD: 8 MiB */
    public static final long MAX_PAYLOAD = 8L * 1024 * 1024;
    /** MAX_KEY_LENGTH */
    public static final int MAX_KEY_LENGTH = 255;
    /** NAMESPACE_MAX_LENGTH */
    public static final int NAMESPACE_MAX_LENGTH = 128;

    /**
     * sizeof(index_entry_t) on a 64-bit build (two pointers, packed-free layout, flexible id):
     * upstream's "index_size_bytes" statistic adds this plus the id length per live key.
     */
    public static final int MEMORY_ENTRY_SIZE = 64;

    /** Descriptor file name, in the namespace index directory. */
    public static final String NAMESPACE_FILE = "zdb-namespace";

    public static String dataFileName(long id) {
        return "d" + id;
    }

    public static String indexFileName(long id) {
        return "i" + id;
    }
}
