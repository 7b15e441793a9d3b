package org.qsfs.mount.fuse;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.mount.AvailabilityProbe;
import org.qsfs.mount.MountCapability;
import org.qsfs.mount.MountException;
import org.qsfs.mount.MountRequest;
import org.qsfs.mount.MountService;
import org.qsfs.mount.MountServices;
import org.qsfs.mount.MountedVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** FUSE through jnr-fuse: libfuse2 on Linux, macFUSE or FUSE-T on macOS. */
public final class FuseMountService implements MountService {
    public static final String NAME = "fuse";
    private static final Logger log = LoggerFactory.getLogger(FuseMountService.class);

    /** Probes for the library the way jnr-fuse loads it. */
    public interface LibFuseProbe {
        int fuse_version();
    }

    private final AvailabilityProbe availability = new AvailabilityProbe(FuseMountService::probe);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Set<MountCapability> capabilities() {
        return EnumSet.of(MountCapability.DIRECTORY_MOUNT_POINT, MountCapability.POSIX_PERMISSIONS,
                MountCapability.SYMLINKS, MountCapability.HARD_LINKS, MountCapability.EXTENDED_ATTRIBUTES,
                MountCapability.FORCED_UNMOUNT, MountCapability.STALE_MOUNT_RECOVERY);
    }

    @Override
    public String unavailableReason() {
        return availability.reason();
    }

    private static String probe() {
        String os = MountServices.osFamily();
        switch (os) {
            case "linux" -> {
                String dev = DevFuse.problem();
                if (!dev.isEmpty()) {
                    return dev;
                }
                if (!loads("fuse") && !loads("libfuse.so.2")) {
                    return "libfuse2 is not installed: apt-get install libfuse2 fuse3 (or dnf install fuse-libs fuse3)";
                }
                if (!Unmounter.isRoot() && !Commands.onPath("fusermount")) {
                    return "fusermount is missing: apt-get install fuse3 (or fuse)";
                }
                return "";
            }
            case "mac" -> {
                for (String lib : new String[] {"fuse4x", "osxfuse", "macfuse", "fuse"}) {
                    if (loads(lib)) {
                        return "";
                    }
                }
                return "no FUSE library found: install macFUSE (https://osxfuse.github.io) or FUSE-T (https://www.fuse-t.org)";
            }
            case "windows" -> {
                return "on Windows the drive is mounted with Dokany (mount service 'dokany')";
            }
            default -> {
                return "FUSE mounting is supported on Linux and macOS, not on " + System.getProperty("os.name");
            }
        }
    }

    private static boolean loads(String lib) {
        try {
            LibFuseProbe p = jnr.ffi.LibraryLoader.create(LibFuseProbe.class).failImmediately()
                    .search("/usr/local/lib").load(lib);
            return p != null;
        } catch (Throwable t) {
            return false;
        }
    }

    @Override
    public MountedVolume mount(FsOperations fs, MountRequest request) throws MountException {
        availability.require("FUSE");
        if (!Charset.defaultCharset().equals(StandardCharsets.UTF_8)) {
            log.warn("the JVM's default charset is {}, not UTF-8: names that are not ASCII may be garbled;"
                    + " run with -Dfile.encoding=UTF-8 -Dsun.jnu.encoding=UTF-8", Charset.defaultCharset());
        }
        boolean linux = MountServices.osFamily().equals("linux");
        boolean mac = MountServices.osFamily().equals("mac");
        Path mp = MountPointGuard.prepare(Path.of(request.mountPoint()), request.clearStaleMount(), linux);
        FuseMount[] self = new FuseMount[1];
        QsfsFuseFs fuse = new QsfsFuseFs(fs, request.snapshots(), mac, () -> log.debug("libfuse destroyed the mount at {}", mp));
        FuseMount m = new FuseMount(mp, fuse, request.closeAfterUnmount(), linux);
        self[0] = m;
        m.start(options(request, mac), request.debug());
        return m;
    }

    /** The "-o" option list for libfuse. */
    static String[] options(MountRequest request, boolean mac) {
        // cache times at most 1 s here: libfuse2's path API gives each name of a hard-linked file its
        // own node, whose link count and times the kernel keeps for attr_timeout after a change
        // through another name
        MountRequest r = request.cacheTimesAtMost(java.time.Duration.ofSeconds(1));
        List<String> o = new ArrayList<>();
        o.add("fsname=qsfs");
        o.add("default_permissions");
        o.add("use_ino");
        o.add("attr_timeout=" + seconds(r.attrTimeout()));
        o.add("entry_timeout=" + seconds(r.entryTimeout()));
        // a name that does not exist is remembered as long as one that does: every change of
        // names goes through this mount, and the kernel drops the negative entry when it does
        // (without it, unzip/tar/git pay a lookup per missing name before each create)
        o.add("negative_timeout=" + seconds(r.entryTimeout()));
        if (mac) {
            o.add("volname=" + r.volumeName().replace(",", " "));
            o.add("noappledouble");
            o.add("iosize=131072");
        } else {
            o.add("subtype=qsfs");
            // libfuse2 sends 4 KiB writes without big_writes; 128 KiB is its maximum
            o.add("big_writes");
            o.add("max_write=131072");
            o.add("max_read=131072");
            // files stay usable after unlink without .fuse_hidden renames (the engine keeps them)
            o.add("hard_remove");
            o.add("readdir_ino");
            // the page cache of a file is kept across opens unless its mtime or size changed
            // (every write goes through this mount); a re-read is then served by the kernel
            o.add("auto_cache");
            // how far the kernel reads ahead (in 128 KiB requests); -Dqsfs.fuse.maxReadahead=0: its default
            long readahead = Long.getLong("qsfs.fuse.maxReadahead", 1L << 20);
            if (readahead > 0) {
                o.add("max_readahead=" + readahead);
            }
        }
        if (r.allowOther() && allowOtherPermitted()) {
            o.add("allow_other");
        } else if (r.allowOther()) {
            log.warn("other users cannot use the drive: add user_allow_other to /etc/fuse.conf to allow it");
        }
        if (r.readOnly()) {
            o.add("ro");
        }
        o.addAll(r.extraOptions());
        return new String[] {"-o", String.join(",", o)};
    }

    /** True when this user may mount with allow_other (root, or user_allow_other in /etc/fuse.conf). */
    public static boolean allowOtherPermitted() {
        if (Unmounter.isRoot()) {
            return true;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/fuse.conf"))) {
                if (line.trim().equals("user_allow_other")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return MountServices.osFamily().equals("mac");
        }
        return false;
    }

    private static String seconds(java.time.Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }
}
