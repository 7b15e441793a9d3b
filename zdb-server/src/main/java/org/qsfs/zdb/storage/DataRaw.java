package org.qsfs.zdb.storage;

/**
 * A full data entry read back for DATA RAW (data_raw_t). {@code error} is 0 on success,
 * {@link #EOF} when the offset is at or past the end of the file, {@link #UNEXPECTED} otherwise
 * (short read, oversize length, deleted entry, missing file).
 */
public record DataRaw(int idLength, long dataLength, long previous, long integrity, int flags, long timestamp,
        byte[] id, byte[] payload, int error) {
    /** DATA_RAW_EOF */
    public static final int EOF = 1;
    /** DATA_RAW_UNEXPECTED */
    public static final int UNEXPECTED = 2;

    static DataRaw error(int code) {
        return new DataRaw(0, 0, 0, 0, 0, 0, null, null, code);
    }

    public boolean ok() {
        return error == 0;
    }
}
