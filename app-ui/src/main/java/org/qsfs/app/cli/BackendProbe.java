package org.qsfs.app.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.qsfs.engine.config.BackendConfig;
import org.qsfs.engine.config.Timeouts;
import org.qsfs.engine.zdb.NamespaceInfo;
import org.qsfs.engine.zdb.ZdbClient;
import org.qsfs.engine.zdb.ZdbConnector;
import org.qsfs.engine.zdb.ZdbException;

/** Pings and asks NSINFO of many backends in parallel, each bounded by the configured timeouts. */
final class BackendProbe {
    /** What one backend answered, or why it did not. */
    record Result(String role, String group, BackendConfig backend, Duration latency, NamespaceInfo info, String error) {
        boolean reachable() {
            return error == null;
        }
    }

    record Target(String role, String group, BackendConfig backend) {
    }

    private BackendProbe() {
    }

    static List<Result> probe(List<Target> targets, Timeouts timeouts) throws InterruptedException {
        ZdbConnector connector = ZdbConnector.builder().connectTimeout(timeouts.connect())
                .requestTimeout(timeouts.request()).maxConnections(1).buildConnector();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(32, targets.size())), r -> {
            Thread t = new Thread(r, "qsfs-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Target t : targets) {
                futures.add(pool.submit(() -> probeOne(connector, t)));
            }
            List<Result> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (java.util.concurrent.ExecutionException e) {
                    Target t = targets.get(i);
                    out.add(new Result(t.role(), t.group(), t.backend(), null, null, String.valueOf(e.getCause())));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result probeOne(ZdbConnector connector, Target t) {
        try (ZdbClient c = connector.open(t.backend().toBackendAddress())) {
            Duration rtt = c.ping();
            NamespaceInfo info = c.info();
            return new Result(t.role(), t.group(), t.backend(), rtt, info, null);
        } catch (ZdbException e) {
            String m = e.getMessage();
            String prefix = t.backend().toBackendAddress() + ": ";
            return new Result(t.role(), t.group(), t.backend(), null, null, m.startsWith(prefix) ? m.substring(prefix.length()) : m);
        } catch (RuntimeException e) {
            return new Result(t.role(), t.group(), t.backend(), null, null, e.toString());
        }
    }
}
