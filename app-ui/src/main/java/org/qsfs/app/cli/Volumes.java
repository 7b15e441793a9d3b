package org.qsfs.app.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.events.EventListener;
import org.qsfs.engine.events.ScrubProgress;
import org.qsfs.engine.repair.RebuildReport;
import org.qsfs.engine.repair.RepairService;
import org.qsfs.engine.repair.RepairSettings;
import org.qsfs.engine.repair.ScrubAndRebuild;
import org.qsfs.engine.repair.ScrubOptions;
import org.qsfs.engine.repair.ScrubReport;
import org.qsfs.engine.config.Sizes;
import org.qsfs.engine.object.ObjectInfo;
import org.qsfs.engine.object.ObjectStore;

/**
 * The commands that need the object store (store, retrieve, ls, check, rebuild, scrub), in
 * one place so they open the volume the same way.
 */
final class Volumes {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Volumes() {
    }

    static int store(QsfsCommand c, String file, String path) throws Exception {
        c.configs().load(); // a configuration problem first, before looking at the file
        boolean stdin = file.equals("-");
        Path source = stdin ? null : Path.of(file);
        if (source != null) {
            if (!Files.exists(source)) {
                throw new NoSuchFileException(file, null, "nothing to store");
            }
            if (!Files.isRegularFile(source)) {
                throw new CliException(ExitCode.USAGE, file + " is not a regular file; store files one by one");
            }
        }
        try (Volume v = Volume.open(c)) {
            long size = source == null ? -1 : Files.size(source);
            Instant modified = source == null ? Instant.now() : Files.getLastModifiedTime(source).toInstant();
            ObjectInfo info;
            try (InputStream in = source == null ? c.env().stdin() : new BufferedInputStream(Files.newInputStream(source));
                 ProgressBar bar = c.progress("store " + path, size)) {
                info = v.engine.objects().store(path, in, size, modified, (done, total) -> bar.update(done));
            }
            c.out().println("stored " + info.path() + ": " + Sizes.human(info.size()) + " in " + info.blocks()
                    + " block" + (info.blocks() == 1 ? "" : "s") + ", sha256 " + info.sha256Hex()
                    + (info.safe() ? ", safe" : ""));
            c.out().flush();
            if (!info.safe()) {
                throw new CliException(ExitCode.NOT_SAFE, info.path() + " is stored and readable but NOT safe yet:"
                        + " some shards could not be placed, so it does not survive losing " + v.config.parityShards()
                        + " backends; bring backends back and run `qsfs rebuild`");
            }
            return ExitCode.OK;
        }
    }

    static int retrieve(QsfsCommand c, String path, String file, boolean force, Long version) throws Exception {
        if ("-".equals(file)) {
            try (Volume v = Volume.open(c)) {
                OutputStream out = c.env().stdout();
                read(v.engine.objects(), path, version, out, (done, total) -> { });
                out.flush();
                return ExitCode.OK;
            }
        }
        Path target = Path.of(file != null ? file : lastSegment(path));
        if (Files.exists(target) && !force) {
            throw new FileAlreadyExistsException(target.toString(), null, "refusing to overwrite it; use --force or"
                    + " name another FILE");
        }
        try (Volume v = Volume.open(c)) {
            long size = version == null ? v.engine.objects().stat(path).size() : -1;
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            try {
                ObjectInfo info;
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp));
                     ProgressBar bar = c.progress("retrieve " + path, size)) {
                    info = read(v.engine.objects(), path, version, out, (done, total) -> bar.update(done));
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.from(info.modified()));
                c.out().println("retrieved " + info.path() + " to " + target + ": " + Sizes.human(info.size())
                        + ", verified, sha256 " + info.sha256Hex());
                return ExitCode.OK;
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The current content of {@code path}, or a kept older version of it. */
    private static ObjectInfo read(ObjectStore objects, String path, Long version, OutputStream out,
                                   org.qsfs.engine.object.ProgressListener progress) throws java.io.IOException {
        return version == null ? objects.retrieve(path, out, progress) : objects.retrieveVersion(path, version, out);
    }

    /** qsfs history PATH: the kept older contents of an object, oldest first. */
    static int history(QsfsCommand c, String path) throws Exception {
        try (Volume v = Volume.open(c)) {
            ObjectStore objects = v.engine.objects();
            List<ObjectInfo> versions = objects.history(path);
            if (versions.isEmpty()) {
                objects.stat(path); // not found at all: exit 4 with its message
            }
            for (ObjectInfo i : versions) {
                c.out().printf("%8d  %12d  %s  sha256 %s%n", i.version(), i.size(), TIME.format(i.modified()),
                        i.sha256Hex());
            }
            c.out().flush();
            return ExitCode.OK;
        }
    }

    static int ls(QsfsCommand c, String prefix) throws Exception {
        try (Volume v = Volume.open(c)) {
            ObjectStore objects = v.engine.objects();
            for (String p : objects.list()) {
                if (!p.startsWith(prefix)) {
                    continue;
                }
                ObjectInfo i = objects.stat(p);
                c.out().printf("%12d  %s  %s  %s%n", i.size(), TIME.format(i.modified()), i.safe() ? "safe    "
                        : "DEGRADED", i.path());
            }
            c.out().flush();
            return ExitCode.OK;
        }
    }

    static int check(QsfsCommand c, String path) throws Exception {
        try (Volume v = Volume.open(c)) {
            ObjectStore objects = v.engine.objects();
            List<String> paths = path != null ? List.of(path) : objects.list();
            if (path != null) {
                objects.stat(path); // not found -> exit 4
            }
            ObjectChecker checker = new ObjectChecker(v.engine);
            List<ObjectChecker.Report> bad = new ArrayList<>();
            try (ProgressBar bar = c.progress("check", paths.size())) {
                for (String p : paths) {
                    ObjectChecker.Report r = checker.check(p);
                    c.out().println(r.line());
                    c.out().flush();
                    if (!r.safe()) {
                        bad.add(r);
                    }
                    bar.advance(1);
                }
            }
            if (bad.isEmpty()) {
                c.out().println(paths.size() + " object" + (paths.size() == 1 ? "" : "s") + " checked: all safe.");
                return ExitCode.OK;
            }
            throw new CliException(ExitCode.NOT_SAFE, bad.size() + " of " + paths.size() + " objects are not safe;"
                    + " bring unreachable backends back, then run `qsfs rebuild`");
        }
    }

    /** qsfs rebuild [PATH]: scrub (CHECK only, no read-back sample) and rebuild what is damaged. */
    static int rebuild(QsfsCommand c, String path) throws Exception {
        return repair(c, "rebuild", ScrubOptions.DEFAULTS.withSampleRate(0).withPathPrefix(path));
    }

    /** qsfs scrub: verify every shard (CHECK, plus reading back a sample) and rebuild the bad ones. */
    static int scrub(QsfsCommand c) throws Exception {
        return repair(c, "scrub", ScrubOptions.DEFAULTS);
    }

    private static int repair(QsfsCommand c, String what, ScrubOptions options) throws Exception {
        org.qsfs.engine.config.QsfsConfig config = c.configs().load();
        if (options.pathPrefix() == null && org.qsfs.app.daemon.MountedDrive.volumeExists(config)) {
            org.qsfs.app.control.ControlClient daemon = runningDaemon(c);
            if (daemon != null) {
                // the daemon owns the drive's database: it scrubs the drive, the objects and the metadata
                org.qsfs.app.control.ActionResult a = daemon.scrub();
                c.out().println(a.message());
                c.out().println("The running daemon scrubs the drive, the stored objects and the metadata;"
                        + " follow it with `qsfs status`.");
                return a.ok() ? ExitCode.OK : ExitCode.NOT_SAFE;
            }
        }
        try (Volume v = Volume.open(c);
             RepairService repair = new RepairService(v.engine, RepairSettings.DEFAULTS, EventListener.NONE);
             DriveVolume drive = DriveVolume.openIfPresent(v, options);
             ProgressBar bar = c.progress(what, -1)) {
            if (drive != null) {
                repair.addSource(drive.refs()); // the drive's blocks and snapshot, not only stored objects
            }
            ScrubAndRebuild result = repair.scrubAndRebuild(options, event -> {
                if (event instanceof ScrubProgress p) {
                    bar.update(p.bytesChecked());
                }
            });
            ScrubReport s = result.scrub();
            RebuildReport r = result.rebuild();
            c.out().printf("%s: %d objects, %d blocks, %d shards checked (%d read back) in %s; %d problems found%n",
                    what, s.objects(), s.blocks(), s.shardsChecked(), s.shardsReadBack(),
                    human(s.elapsed()), s.problems());
            for (ScrubReport.Finding f : s.findings()) {
                c.out().println("  " + f);
            }
            c.out().printf("rebuilt %d shards in %d blocks%s%n", r.shardsRebuilt(), r.blocksRepaired(),
                    r.waiting() > 0 ? "; " + r.waiting() + " blocks wait for an unreachable backend" : "");
            for (String failure : r.failures()) {
                c.out().println("  could not repair: " + failure);
            }
            if (result.metadata() != null) {
                var m = result.metadata();
                c.out().printf("metadata: %d records checked, %d written again with all their shards%s%s%n",
                        m.records(), m.rewritten(), m.degraded() > 0 ? ", " + m.degraded()
                        + " still missing shards (backends down)" : "", m.unreadable().isEmpty() ? ""
                        : ", unreadable now: " + String.join(", ", m.unreadable()));
            }
            c.out().flush();
            if (!s.unreadableObjects().isEmpty()) {
                throw new CliException(ExitCode.NOT_SAFE, "unreadable objects (more than " + v.config.parityShards()
                        + " shards lost): " + String.join(", ", s.unreadableObjects()));
            }
            if (!result.complete()) {
                throw new CliException(ExitCode.NOT_SAFE, what + " could not finish: bring unreachable backends"
                        + " back (see `qsfs status`) and run it again");
            }
            return ExitCode.OK;
        }
    }

    /** The running daemon's control client, or null when no daemon answers. */
    private static org.qsfs.app.control.ControlClient runningDaemon(QsfsCommand c) {
        try {
            org.qsfs.app.control.ControlClient client = DaemonClients.connect(c.env());
            client.status();
            return client;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String human(java.time.Duration d) {
        return d.toMillis() < 10_000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private static String lastSegment(String path) throws CliException {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String name = p.substring(p.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new CliException(ExitCode.USAGE, "cannot name a local file after " + path + "; give FILE");
        }
        return name;
    }
}
