package org.qsfs.engine.zdb;

import java.util.List;

/** One page of SCAN: the keys found and the cursor to continue from (null at the end). */
public record ScanPage(List<byte[]> keys, byte[] nextCursor) {
}
