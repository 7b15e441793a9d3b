package org.qsfs.engine.meta;

/**
 * Too few metadata backends answered (or hold valid shards) to read or write a record
 * safely. The message names the backends and why; bring them back and try again.
 */
public class MetadataUnavailableException extends MetadataException {
    public MetadataUnavailableException(String message) {
        super(message);
    }
}
