package org.qsfs.app.daemon;

import java.util.Locale;
import org.qsfs.app.control.BackendDto;
import org.qsfs.app.control.StatusDto;

/**
 * The Prometheus text exposition (format 0.0.4) of a {@link StatusDto} and the daemon's
 * counters. Metric names are listed in docs/CONTROL-API.md.
 */
final class Metrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder sb = new StringBuilder();

    /**
     * @param shardsChecked shards checked by all scrubs since the daemon started
     * @param problemsFound bad shards found by all scrubs since the daemon started
     */
    static String render(StatusDto s, long cacheHits, long cacheMisses, long shardsChecked, long problemsFound) {
        Metrics m = new Metrics();
        m.family("qsfs_up", "gauge", "1 while the daemon runs");
        m.sample("qsfs_up", "", 1);
        m.family("qsfs_state", "gauge", "1 for the drive's current state (OK, SYNCING, DEGRADED, ERROR)");
        for (String st : new String[] {"OK", "SYNCING", "DEGRADED", "ERROR"}) {
            m.sample("qsfs_state", labels("state", st), st.equals(s.state()) ? 1 : 0);
        }
        m.family("qsfs_mounted", "gauge", "1 when the drive is mounted");
        m.sample("qsfs_mounted", "", s.mountPoint() == null ? 0 : 1);
        m.family("qsfs_backend_up", "gauge", "1 when the backend answers and has room (HEALTHY or DEGRADED)");
        for (BackendDto b : s.backends()) {
            boolean up = "HEALTHY".equals(b.health()) || "DEGRADED".equals(b.health());
            m.sample("qsfs_backend_up", backend(b), up ? 1 : 0);
        }
        m.family("qsfs_backend_health", "gauge", "1 for the backend's current health");
        for (BackendDto b : s.backends()) {
            m.sample("qsfs_backend_health", backend(b) .replace("}", ",health=\"" + b.health() + "\"}"), 1);
        }
        m.family("qsfs_backend_latency_seconds", "gauge", "round trip of the last health check");
        for (BackendDto b : s.backends()) {
            if (b.latencyMs() >= 0) {
                m.sample("qsfs_backend_latency_seconds", backend(b), b.latencyMs() / 1000.0);
            }
        }
        m.family("qsfs_backend_used_bytes", "gauge", "bytes stored in the backend's namespace");
        for (BackendDto b : s.backends()) {
            if (b.usedBytes() >= 0) {
                m.sample("qsfs_backend_used_bytes", backend(b), b.usedBytes());
            }
        }
        m.family("qsfs_backend_free_bytes", "gauge", "bytes that can still be written (absent when unlimited)");
        for (BackendDto b : s.backends()) {
            if (b.freeBytes() >= 0) {
                m.sample("qsfs_backend_free_bytes", backend(b), b.freeBytes());
            }
        }
        m.family("qsfs_backend_shards", "gauge", "entries (shards) in the backend's namespace");
        for (BackendDto b : s.backends()) {
            if (b.shards() >= 0) {
                m.sample("qsfs_backend_shards", backend(b), b.shards());
            }
        }
        m.family("qsfs_stored_bytes", "gauge", "bytes the volume occupies on the data backends");
        m.sample("qsfs_stored_bytes", "", Math.max(0, s.storedBytes()));
        m.family("qsfs_logical_bytes", "gauge", "bytes of files in the volume");
        m.sample("qsfs_logical_bytes", "", Math.max(0, s.logicalBytes()));
        m.family("qsfs_upload_queue_bytes", "gauge", "bytes waiting to be uploaded");
        m.sample("qsfs_upload_queue_bytes", "", s.queue().pendingBytes());
        m.family("qsfs_upload_queue_blocks", "gauge", "blocks waiting to be uploaded");
        m.sample("qsfs_upload_queue_blocks", "", s.queue().pendingBlocks());
        m.family("qsfs_upload_rate_bytes_per_second", "gauge", "recent upload rate");
        m.sample("qsfs_upload_rate_bytes_per_second", "", s.queue().bytesPerSecond());
        m.family("qsfs_sync_paused", "gauge", "1 when uploads are paused");
        m.sample("qsfs_sync_paused", "", s.paused() ? 1 : 0);
        m.family("qsfs_repair_shards_repaired_total", "counter", "shards rebuilt since the daemon started");
        m.sample("qsfs_repair_shards_repaired_total", "", s.activity().shardsRepaired());
        m.family("qsfs_repair_failures_total", "counter", "block repairs that failed since the daemon started"
                + " (each is retried later)");
        m.sample("qsfs_repair_failures_total", "", s.activity().repairFailures());
        m.family("qsfs_repair_blocks_waiting", "gauge", "damaged blocks queued for repair");
        m.sample("qsfs_repair_blocks_waiting", "", s.activity().blocksWaiting());
        m.family("qsfs_scrubs_completed_total", "counter", "full scrubs finished since the daemon started");
        m.sample("qsfs_scrubs_completed_total", "", s.activity().scrubsCompleted());
        m.family("qsfs_scrub_running", "gauge", "1 while a scrub runs");
        m.sample("qsfs_scrub_running", "", s.activity().scrubRunning() ? 1 : 0);
        m.family("qsfs_scrub_objects_checked", "gauge", "objects (current and kept versions) checked by the running"
                + " or last scrub");
        m.sample("qsfs_scrub_objects_checked", "", s.activity().scrubObjectsDone());
        m.family("qsfs_scrub_objects", "gauge", "objects the running or last scrub walks in all");
        m.sample("qsfs_scrub_objects", "", s.activity().scrubObjectsTotal());
        m.family("qsfs_scrub_shards_checked_total", "counter", "shards checked by scrubs since the daemon started");
        m.sample("qsfs_scrub_shards_checked_total", "", shardsChecked);
        m.family("qsfs_scrub_problems_found_total", "counter", "bad shards (missing, corrupt, unreachable) found by"
                + " scrubs since the daemon started");
        m.sample("qsfs_scrub_problems_found_total", "", problemsFound);
        m.family("qsfs_cache_hits_total", "counter", "block reads served from the local cache");
        m.sample("qsfs_cache_hits_total", "", cacheHits);
        m.family("qsfs_cache_misses_total", "counter", "block reads fetched from the backends");
        m.sample("qsfs_cache_misses_total", "", cacheMisses);
        return m.sb.toString();
    }

    private void family(String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, double value) {
        sb.append(name).append(labels).append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            sb.append((long) value);
        } else {
            sb.append(String.format(Locale.ROOT, "%.6g", value));
        }
        sb.append('\n');
    }

    private static String backend(BackendDto b) {
        return "{role=\"" + esc(b.role()) + "\",group=\"" + esc(b.group()) + "\",backend=\"" + esc(b.id()) + "\"}";
    }

    private static String labels(String k, String v) {
        return "{" + k + "=\"" + esc(v) + "\"}";
    }

    private static String esc(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
