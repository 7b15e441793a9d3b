package org.qsfs.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.qsfs.engine.config.BackendConfig;
import org.qsfs.engine.config.BackendGroup;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.config.Sizes;
import org.qsfs.engine.placement.Backend;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.placement.PlacementException;
import org.qsfs.engine.zdb.NamespaceInfo;
import org.qsfs.app.control.ControlException;
import org.qsfs.app.control.DriveState;
import org.qsfs.app.control.StatusDto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", description = {"Show the drive's state. When a qsfs daemon runs, ask it (mount point,"
        + " sizes, upload queue, backends, recent events); otherwise contact every configured backend and show a"
        + " table: reachability, latency, bytes used and free, entries (shards) stored.",
        "Exit 0 when new blocks can be stored safely, 5 when the reachable backends can no longer keep the"
        + " configured promise (too few, or too few groups)."})
final class StatusCommand extends QsfsCommand {
    @Option(names = "--direct", description = "contact the backends directly even when a daemon runs")
    boolean direct;

    @Override
    int run() throws Exception {
        if (!direct) {
            StatusDto s = daemonStatus();
            if (s != null) {
                new DaemonStatusPrinter(out()).print(s);
                return s.driveState() == DriveState.ERROR ? ExitCode.NOT_SAFE : ExitCode.OK;
            }
        }
        QsfsConfig config = configs().load();
        List<BackendProbe.Target> targets = new ArrayList<>();
        for (BackendGroup g : config.groups()) {
            for (BackendConfig b : g.backends()) {
                targets.add(new BackendProbe.Target("data", g.name(), b));
            }
        }
        for (BackendConfig b : config.metadata().backends()) {
            targets.add(new BackendProbe.Target("meta", "-", b));
        }
        List<BackendProbe.Result> results = BackendProbe.probe(targets, config.timeouts());
        print(results);
        return verdict(config, results);
    }

    /** The running daemon's status, or null when no daemon answers. */
    private StatusDto daemonStatus() {
        try {
            return DaemonClients.connect(env()).status();
        } catch (ControlException e) {
            return null;
        }
    }

    private void print(List<BackendProbe.Result> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ROLE", "GROUP", "BACKEND", "STATE", "LATENCY", "USED", "FREE", "ENTRIES"});
        for (BackendProbe.Result r : results) {
            NamespaceInfo i = r.info();
            rows.add(new String[] {r.role(), r.group(), r.backend().id(), r.reachable() ? state(i) : "UNREACHABLE",
                r.latency() == null ? "-" : String.format(Locale.ROOT, "%.1f ms", r.latency().toNanos() / 1e6),
                i == null ? "-" : Sizes.human(i.dataSizeBytes()),
                i == null ? "-" : i.freeBytes() < 0 ? "unknown" : Sizes.human(i.freeBytes()),
                i == null ? "-" : Long.toString(i.entries())});
        }
        TextTable.print(out(), rows, 4); // latency and the sizes right-aligned
        for (BackendProbe.Result r : results) {
            if (!r.reachable()) {
                out().println(r.backend().id() + ": " + r.error());
            }
        }
        out().flush();
    }

    private static String state(NamespaceInfo i) {
        return i.freeBytes() == 0 ? "FULL" : "OK";
    }

    /** 0 when the reachable backends can still store a block and its metadata safely, else 5. */
    private int verdict(QsfsConfig config, List<BackendProbe.Result> results) {
        List<Backend> usable = new ArrayList<>();
        int metaUp = 0;
        int down = 0;
        for (BackendProbe.Result r : results) {
            boolean ok = r.reachable() && r.info().freeBytes() != 0;
            if (!ok) {
                down++;
            }
            if (r.role().equals("meta")) {
                metaUp += ok ? 1 : 0;
            } else if (ok) {
                usable.add(new Backend(r.backend().id(), r.group(), Long.MAX_VALUE, Health.HEALTHY));
            }
        }
        String problem = null;
        try {
            config.placementPolicy().validate(usable);
        } catch (PlacementException e) {
            problem = "data: " + e.getMessage().replace("configured", "reachable");
        }
        if (problem == null && metaUp < config.metadata().shards()) {
            problem = "metadata: only " + metaUp + " of the " + config.metadata().shards()
                    + " metadata backends needed are reachable";
        }
        if (problem != null) {
            err().println("qsfs: not safe: " + problem);
            err().flush();
            return ExitCode.NOT_SAFE;
        }
        out().println(down == 0 ? "All " + results.size() + " backends are reachable."
                : down + " of " + results.size() + " backends are unreachable or full; new data is still stored safely.");
        return ExitCode.OK;
    }
}
