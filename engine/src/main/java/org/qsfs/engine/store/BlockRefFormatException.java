package org.qsfs.engine.store;

/**
 * Bytes that should hold a {@link BlockRef} do not: another magic or version, or damaged.
 * Block references live only inside authenticated metadata, so this means a newer QSFS
 * wrote them (upgrade) or a bug; it never means a backend tampered with them.
 */
public class BlockRefFormatException extends Exception {
    public BlockRefFormatException(String message) {
        super(message);
    }
}
