package org.qsfs.app.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.qsfs.app.control.BackendDto;
import org.qsfs.engine.config.BackendConfig;
import org.qsfs.engine.config.BackendGroup;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.repair.BackendVitals;
import org.qsfs.engine.repair.HealthMonitor;
import org.qsfs.engine.repair.HealthMonitorOptions;
import org.qsfs.engine.store.BackendRegistry;
import org.qsfs.engine.store.NamespaceMode;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.zdb.NamespaceInfo;
import org.qsfs.engine.zdb.ZdbConnector;

/**
 * The backends as the daemon shows them: one {@link BackendDto} per configured backend, from
 * the engine's {@link HealthMonitor} (PING + NSINFO every interval) and the states it sets in
 * the {@link BackendRegistry}s, which placement and reads use. With a volume the monitor is the
 * {@link org.qsfs.engine.repair.RepairService}'s; without a key (monitor-only) the daemon runs a
 * monitor of its own over registries it opens itself. Changes of state go to the
 * {@link EventLog} in plain words.
 */
final class BackendHealth implements AutoCloseable {
    private record Row(String role, String group, BackendConfig config) {
    }

    private final List<Row> rows;
    private final Map<String, BackendRegistry> pools;
    private final HealthMonitor monitor;
    private final boolean ownsMonitor;
    private final EventLog events;
    private final Map<String, Health> announced = new ConcurrentHashMap<>();

    private BackendHealth(QsfsConfig config, Map<String, BackendRegistry> pools, HealthMonitor monitor,
            boolean ownsMonitor, EventLog events) {
        this.rows = rows(config);
        this.pools = pools;
        this.monitor = monitor;
        this.ownsMonitor = ownsMonitor;
        this.events = events;
        pools.forEach((role, registry) -> registry.addListener((b, old, now, reason) -> changed(role, b, now, reason)));
    }

    /** Health of the engine's backends, as its repair service's monitor measures it. */
    static BackendHealth of(QsfsConfig config, StorageEngine engine, HealthMonitor monitor, EventLog events) {
        Map<String, BackendRegistry> pools = new LinkedHashMap<>();
        pools.put("data", engine.dataBackends());
        pools.put("meta", engine.metadataBackends());
        return new BackendHealth(config, pools, monitor, false, events);
    }

    /** Without a volume: opens a client per backend and runs a monitor of its own ({@link #start()}). */
    static BackendHealth standalone(QsfsConfig config, Duration interval, EventLog events) {
        Duration timeout = config.timeouts().connect();
        ZdbConnector connector = ZdbConnector.builder().connectTimeout(timeout).requestTimeout(timeout)
                .maxConnections(1).backoff(Duration.ofMillis(100), interval.compareTo(Duration.ofSeconds(1)) < 0
                        ? Duration.ofSeconds(1) : interval)
                .buildConnector();
        Map<String, List<StoreBackend>> lists = new LinkedHashMap<>();
        for (Row r : rows(config)) {
            lists.computeIfAbsent(r.role(), x -> new ArrayList<>()).add(new StoreBackend(r.config().id(), r.group(),
                    connector.open(r.config().toBackendAddress()), NamespaceMode.USER));
        }
        Map<String, BackendRegistry> pools = new LinkedHashMap<>();
        lists.forEach((role, list) -> pools.put(role, new BackendRegistry(list)));
        HealthMonitor monitor = new HealthMonitor(pools, HealthMonitorOptions.DEFAULTS.withInterval(interval),
                id -> false);
        return new BackendHealth(config, pools, monitor, true, events);
    }

    private static List<Row> rows(QsfsConfig c) {
        List<Row> out = new ArrayList<>();
        for (BackendGroup g : c.groups()) {
            for (BackendConfig b : g.backends()) {
                out.add(new Row("data", g.name(), b));
            }
        }
        for (BackendConfig b : c.metadata().backends()) {
            out.add(new Row("meta", "metadata", b));
        }
        return out;
    }

    /** Starts the monitor when it is this object's own (the repair service starts its own). */
    void start() {
        if (ownsMonitor) {
            monitor.start();
        }
    }

    /** Every configured backend as last measured, in configuration order. */
    List<BackendDto> rows() {
        List<BackendDto> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            StoreBackend b = pools.get(r.role()).get(r.config().id());
            BackendVitals v = monitor.vitals(r.role(), r.config().id());
            String health = b.health().name();
            String reason = plain(b, b.healthReason());
            if (v.lastProbe() == null && b.health() == Health.HEALTHY) {
                health = "UNKNOWN";
                reason = "not checked yet";
            }
            boolean answers = v.lastProbe() != null && v.lastError() == null;
            NamespaceInfo info = answers ? v.info() : null;
            out.add(new BackendDto(r.role(), r.group(), r.config().address().toString(), r.config().namespace(),
                    health, reason, answers && v.latency() != null ? v.latency().toNanos() / 1e6 : -1,
                    info == null ? -1 : info.dataSizeBytes(), info == null || info.freeBytes() < 0 ? -1
                    : info.freeBytes(), info == null ? -1 : info.entries()));
        }
        return out;
    }

    /** The reason without the backend's address in front (the row and the event name it already). */
    private static String plain(StoreBackend b, String reason) {
        if (reason == null) {
            return "";
        }
        String r = reason;
        String erroring = "erroring: ";
        boolean transient_ = r.startsWith(erroring);
        if (transient_) {
            r = r.substring(erroring.length());
        }
        String prefix = b.namespace().address() + ": ";
        while (r.startsWith(prefix)) {
            r = r.substring(prefix.length());
        }
        return transient_ ? erroring + r : r;
    }

    /** Tells the event log about a change worth a line: down, full, slow, back. */
    private void changed(String role, StoreBackend b, Health now, String reason) {
        String key = role + "/" + b.id();
        Health before = announced.get(key);
        String why = plain(b, reason);
        String who = ("meta".equals(role) ? "Metadata backend " : "Backend ") + b.id()
                + ("meta".equals(role) ? "" : " (" + b.group() + ")");
        switch (now) {
            case HEALTHY -> {
                if (before != null && before != Health.HEALTHY) {
                    events.info(who + " is back online.");
                }
            }
            case UNREACHABLE -> {
                boolean answeredOnce = monitor.vitals(role, b.id()).latency() != null;
                events.warning(who + (answeredOnce ? " stopped answering: " : " does not answer: ") + why);
            }
            case FULL -> events.warning(who + " is full; new data goes to the other backends (" + why + ").");
            case DEGRADED -> {
                if (why.startsWith("erroring: ")) {
                    return; // one failed check: say something when it is down for good or back
                }
                events.warning(who + " is slow: " + why + ".");
            }
            default -> {
                return;
            }
        }
        announced.put(key, now);
    }

    @Override
    public void close() {
        if (ownsMonitor) {
            monitor.close();
            pools.values().forEach(BackendRegistry::close);
        }
    }
}
