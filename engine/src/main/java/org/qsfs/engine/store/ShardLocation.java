package org.qsfs.engine.store;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where one shard of a block lives: the backend's stable id and the key on that backend.
 * A derived key ({@link #derived()}) is recomputed from the block id with
 * {@link ShardKeys} and not stored; an explicit key is the id a sequential namespace chose.
 *
 * @param backendId the backend's id in the configuration
 * @param key the explicit key, or null when the key is derived
 * @param bodyChecksum CRC32C of the shard body, as in its header
 */
public record ShardLocation(String backendId, byte[] key, int bodyChecksum) {
    public ShardLocation {
        Objects.requireNonNull(backendId, "backendId");
        if (backendId.isEmpty() || backendId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("a backend id is 1 to 255 bytes of UTF-8: " + backendId);
        }
        if (key != null && (key.length < 1 || key.length > 255)) {
            throw new IllegalArgumentException("a shard key is 1 to 255 bytes, got " + key.length);
        }
        key = key == null ? null : key.clone();
    }

    public static ShardLocation derived(String backendId, int bodyChecksum) {
        return new ShardLocation(backendId, null, bodyChecksum);
    }

    public static ShardLocation explicit(String backendId, byte[] key, int bodyChecksum) {
        return new ShardLocation(backendId, Objects.requireNonNull(key, "key"), bodyChecksum);
    }

    /** True when the key is recomputed from the block id (user-mode namespaces). */
    public boolean derived() {
        return key == null;
    }

    @Override
    public byte[] key() {
        return key == null ? null : key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardLocation s && s.backendId.equals(backendId) && Arrays.equals(s.key, key)
                && s.bodyChecksum == bodyChecksum;
    }

    @Override
    public int hashCode() {
        return backendId.hashCode() * 31 + Arrays.hashCode(key) + bodyChecksum;
    }

    @Override
    public String toString() {
        return backendId + (key == null ? "" : "#" + HexFormat.of().formatHex(key));
    }
}
