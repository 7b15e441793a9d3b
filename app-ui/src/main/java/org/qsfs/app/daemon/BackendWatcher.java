package org.qsfs.app.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.qsfs.app.control.BackendDto;
import org.qsfs.engine.zdb.NamespaceInfo;
import org.qsfs.engine.zdb.ZdbAuthException;
import org.qsfs.engine.zdb.ZdbClient;
import org.qsfs.engine.zdb.ZdbConnector;
import org.qsfs.engine.zdb.ZdbException;
import org.qsfs.engine.zdb.ZdbFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every backend PING and NSINFO on a schedule and keeps the last answer as a
 * {@link BackendDto}; tells the {@link EventLog} in plain words when one goes down, comes
 * back or fills up. One client per backend, reused between rounds.
 */
public final class BackendWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackendWatcher.class);

    private final List<WatchedBackend> backends;
    private final Map<String, ZdbClient> clients = new ConcurrentHashMap<>();
    private final Map<String, BackendDto> last = new ConcurrentHashMap<>();
    private final EventLog events;
    private final Duration interval;
    private final ZdbConnector connector;
    private final ExecutorService probes;
    private final ScheduledExecutorService timer;

    public BackendWatcher(List<WatchedBackend> backends, Duration interval, Duration timeout, EventLog events) {
        this.backends = List.copyOf(backends);
        this.events = events;
        this.interval = interval;
        this.connector = ZdbConnector.builder().connectTimeout(timeout).requestTimeout(timeout).maxConnections(1)
                .backoff(Duration.ofMillis(100), interval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                        : interval)
                .buildConnector();
        this.probes = Executors.newFixedThreadPool(Math.max(1, Math.min(32, backends.size())),
                r -> daemon(r, "qsfs-watch-probe"));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "qsfs-watch"));
        for (WatchedBackend b : backends) {
            last.put(key(b), row(b, "UNKNOWN", "not checked yet", -1, null));
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String key(WatchedBackend b) {
        return b.role() + ":" + b.config().id();
    }

    /** Checks once now, then every interval. */
    public BackendWatcher start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                probeNow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("backend check round failed", e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One round over every backend, in parallel; returns when all answered or timed out. */
    public void probeNow() throws InterruptedException {
        List<Future<?>> futures = new ArrayList<>();
        for (WatchedBackend b : backends) {
            futures.add(probes.submit(() -> probe(b)));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("backend check failed", e.getCause());
            }
        }
    }

    private void probe(WatchedBackend b) {
        ZdbClient c = clients.computeIfAbsent(key(b), k -> connector.open(b.config().toBackendAddress()));
        BackendDto now;
        try {
            Duration rtt = c.ping();
            NamespaceInfo info = c.info();
            boolean full = info.freeBytes() == 0;
            now = row(b, full ? "FULL" : "HEALTHY", full ? "no free space left in the namespace" : "",
                    rtt.toNanos() / 1e6, info);
        } catch (ZdbAuthException e) {
            now = row(b, "UNREACHABLE", "wrong password for namespace " + b.config().namespace(), -1, null);
        } catch (ZdbFullException e) {
            now = row(b, "FULL", "no free space left in the namespace", -1, null);
        } catch (ZdbException e) {
            now = row(b, "UNREACHABLE", plain(b, e), -1, null);
        } catch (RuntimeException e) {
            now = row(b, "UNREACHABLE", e.toString(), -1, null);
        }
        BackendDto before = last.put(key(b), now);
        report(b, before, now);
    }

    private static String plain(WatchedBackend b, ZdbException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        String prefix = b.config().toBackendAddress() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private void report(WatchedBackend b, BackendDto before, BackendDto now) {
        if (before != null && before.health().equals(now.health())) {
            return;
        }
        String who = ("meta".equals(b.role()) ? "Metadata backend " : "Backend ") + b.config().id()
                + ("meta".equals(b.role()) ? "" : " (" + b.group() + ")");
        boolean first = before == null || "UNKNOWN".equals(before.health());
        switch (now.health()) {
            case "HEALTHY" -> {
                if (!first) {
                    events.info(who + " is back online.");
                }
            }
            case "FULL" -> events.warning(who + " is full; new data goes to the other backends.");
            default -> events.warning(who + (first ? " does not answer: " : " stopped answering: ") + now.reason());
        }
    }

    private static BackendDto row(WatchedBackend b, String health, String reason, double latencyMs,
            NamespaceInfo info) {
        return new BackendDto(b.role(), b.group(), b.config().address().toString(), b.config().namespace(), health,
                reason, latencyMs, info == null ? -1 : info.dataSizeBytes(),
                info == null || info.freeBytes() < 0 ? -1 : info.freeBytes(), info == null ? -1 : info.entries());
    }

    /** The last answer of every backend, in configuration order. */
    public List<BackendDto> rows() {
        List<BackendDto> out = new ArrayList<>(backends.size());
        for (WatchedBackend b : backends) {
            out.add(last.get(key(b)));
        }
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        probes.shutdownNow();
        clients.values().forEach(ZdbClient::close);
    }
}
