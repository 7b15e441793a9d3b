package org.qsfs.app.control;

/**
 * One backend as the daemon last saw it.
 *
 * @param role "data" or "meta"
 * @param group the site (data backends) or "metadata"
 * @param address host:port
 * @param namespace the 0-db namespace
 * @param health HEALTHY, DEGRADED, UNREACHABLE, FULL, or UNKNOWN before the first check
 * @param reason why it is not healthy, in plain words (empty when healthy)
 * @param latencyMs round trip of the last check, -1 when unknown
 * @param usedBytes bytes stored in the namespace, -1 when unknown
 * @param freeBytes bytes that can still be written, -1 when unknown or unlimited
 * @param shards entries (shards) in the namespace, -1 when unknown
 */
public record BackendDto(String role, String group, String address, String namespace, String health, String reason,
                         double latencyMs, long usedBytes, long freeBytes, long shards) {
    public String id() {
        return address + "/" + namespace;
    }

    public boolean healthy() {
        return "HEALTHY".equals(health);
    }
}
