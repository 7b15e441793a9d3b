package org.qsfs.engine.store;

import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A block could not be written: fewer than {@code k} of its shards could be stored, so it
 * would not be readable. Nothing of it is kept. The message names each shard that failed
 * and why; bring backends back or add some, then write again.
 */
public class NotEnoughBackendsException extends IOException {
    private final SortedMap<Integer, String> failedShards;

    public NotEnoughBackendsException(String message, Map<Integer, String> failedShards) {
        super(message);
        this.failedShards = new TreeMap<>(failedShards);
    }

    /** Shard index -> why it could not be stored. */
    public SortedMap<Integer, String> failedShards() {
        return failedShards;
    }
}
