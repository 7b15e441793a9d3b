package org.qsfs.engine.codec;

/**
 * A block authenticated correctly but its content does not follow the format this QSFS
 * reads: a newer format version, or a writer bug. Upgrade QSFS; if it persists, report it.
 */
public class BlockFormatException extends Exception {
    public BlockFormatException(String message) {
        super(message);
    }

    public BlockFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
