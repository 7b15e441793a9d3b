package org.qsfs.engine.placement;

/**
 * No placement can keep the promise (survive losing {@code m} backends and
 * {@code redundantGroups} groups with {@code k} shards left). The message says why
 * and what would fix it.
 */
public class PlacementException extends Exception {
    public PlacementException(String message) {
        super(message);
    }
}
