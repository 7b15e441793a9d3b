package org.qsfs.engine.placement;

/** What the health monitor last saw of a backend. */
public enum Health {
    /** Answers promptly with free space: first choice for new shards. */
    HEALTHY,
    /** Answers, but slowly or with errors: used only when healthy backends are not enough. */
    DEGRADED,
    /** Does not answer: never chosen. */
    UNREACHABLE,
    /** No room for shards: never chosen. */
    FULL;

    /** Whether new shards may go there at all. */
    public boolean acceptsShards() {
        return this == HEALTHY || this == DEGRADED;
    }
}
