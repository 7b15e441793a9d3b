package org.qsfs.engine.codec;

/** A stored shard failed verification; treat it as missing and queue it for repair. */
public class CorruptShardException extends Exception {
    public CorruptShardException(String reason) {
        super(reason);
    }
}
