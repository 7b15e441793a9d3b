package org.qsfs.engine.meta;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a metadata record.
 *
 * @param version 1, 2, 3, ... per name; the highest readable one wins
 * @param deleted a tombstone: the record was deleted in this version (value is empty)
 */
public record MetadataRecord(String name, long version, Instant timestamp, boolean deleted, byte[] value) {
    public MetadataRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestamp, "timestamp");
        value = value == null ? new byte[0] : value;
    }

    @Override
    public String toString() {
        return "MetadataRecord[" + name + " v" + version + (deleted ? " deleted" : ", " + value.length + " bytes")
                + " at " + timestamp + "]";
    }
}
