package org.qsfs.engine.store;

/** How a data namespace keys its entries; the block store writes shards accordingly. */
public enum NamespaceMode {
    /** Keys chosen by us: derived with {@link ShardKeys}, so nothing needs recording but the backend. */
    USER,
    /** The backend appends and returns an id; the id goes into the {@link BlockRef}. */
    SEQUENTIAL
}
