package org.qsfs.engine.placement;

import java.util.Objects;

/**
 * A backend as placement sees it.
 *
 * @param id unique and stable (it seeds placement, so renaming moves future shards)
 * @param group the site it is in; losing a whole group is a failure placement plans for
 * @param freeBytes free space; the weight placement gives the backend
 * @param health last known state
 */
public record Backend(String id, String group, long freeBytes, Health health) {
    public Backend {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(health, "health");
    }

    /** Whether a new shard may be placed here now. */
    public boolean eligible() {
        return health.acceptsShards() && freeBytes > 0;
    }
}
