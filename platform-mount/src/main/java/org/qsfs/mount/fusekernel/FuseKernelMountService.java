package org.qsfs.mount.fusekernel;

import com.sun.jna.Native;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.mount.AvailabilityProbe;
import org.qsfs.mount.MountCapability;
import org.qsfs.mount.MountException;
import org.qsfs.mount.MountRequest;
import org.qsfs.mount.MountService;
import org.qsfs.mount.MountServices;
import org.qsfs.mount.MountedVolume;
import org.qsfs.mount.fuse.Commands;
import org.qsfs.mount.fuse.DevFuse;
import org.qsfs.mount.fuse.FuseMountService;
import org.qsfs.mount.fuse.MountPointGuard;
import org.qsfs.mount.snapshots.SnapshotTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "fuse-direct": Linux FUSE spoken directly on /dev/fuse (the kernel protocol of
 * linux/fuse.h), no libfuse. The descriptor comes from fusermount3; requests are served by
 * {@link KernelSession}. Preferred over "fuse" (jnr-fuse over libfuse2's path API) on Linux:
 * inode-based requests, READDIRPLUS, the writeback cache and 1 MiB reads and writes.
 */
public final class FuseKernelMountService implements MountService {
    public static final String NAME = "fuse-direct";
    private static final Logger log = LoggerFactory.getLogger(FuseKernelMountService.class);

    private final AvailabilityProbe availability = new AvailabilityProbe(FuseKernelMountService::probe);

    @Override
    public String name() {
        return NAME;
    }

    /** Above "fuse" (100): the default on Linux when it can run. */
    @Override
    public int priority() {
        return 110;
    }

    @Override
    public Set<MountCapability> capabilities() {
        return EnumSet.of(MountCapability.DIRECTORY_MOUNT_POINT, MountCapability.POSIX_PERMISSIONS,
                MountCapability.SYMLINKS, MountCapability.HARD_LINKS, MountCapability.EXTENDED_ATTRIBUTES,
                MountCapability.FORCED_UNMOUNT, MountCapability.STALE_MOUNT_RECOVERY,
                MountCapability.SNAPSHOTS_VIEW);
    }

    @Override
    public String unavailableReason() {
        return availability.reason();
    }

    private static String probe() {
        if (!MountServices.osFamily().equals("linux")) {
            return "the direct FUSE protocol is Linux only; on " + System.getProperty("os.name")
                    + " use mount service 'fuse' (macOS) or 'dokany' (Windows)";
        }
        String dev = DevFuse.problem();
        if (!dev.isEmpty()) {
            return dev;
        }
        if (!Commands.onPath(FusermountLauncher.TOOL)) {
            return "fusermount3 is missing: apt-get install fuse3 (or dnf install fuse3)";
        }
        try {
            if (Native.POINTER_SIZE != 8) {
                return "needs a 64-bit JVM";
            }
            LibC.load();
        } catch (Throwable t) {
            return "the C library cannot be called through JNA: " + t;
        }
        return "";
    }

    @Override
    public MountedVolume mount(FsOperations fs, MountRequest request) throws MountException {
        availability.require("FUSE");
        if (!Charset.defaultCharset().name().equals("UTF-8")) {
            log.debug("default charset {}: names are passed as bytes, unaffected", Charset.defaultCharset());
        }
        Path mp = MountPointGuard.prepare(Path.of(request.mountPoint()), request.clearStaleMount(), true);
        InitNegotiation.Settings settings = InitNegotiation.Settings.defaults();
        SnapshotTree snapshots = request.snapshots() == null ? null : new SnapshotTree(request.snapshots(), fs);
        // the snapshot tree grows by itself (new snapshots): the kernel keeps its names at most 1 s
        MountContext context = new MountContext(fs, snapshots, AttrEncoder.of(request),
                AttrEncoder.of(request.cacheTimesAtMost(java.time.Duration.ofSeconds(1))), settings.writeback());
        int fd = FusermountLauncher.mount(mp, options(request));
        FuseChannel channel = new FuseChannel(fd);
        KernelSession session = new KernelSession(channel, context, settings, request.debug());
        KernelMount m = new KernelMount(mp, channel, session, context, request.closeAfterUnmount());
        m.start(KernelSession.threads());
        return m;
    }

    /**
     * The "-o" list for fusermount3: kernel mount options only (the cache times, max_write and
     * the rest are negotiated in INIT). default_permissions: the kernel checks permissions
     * (also for cached lookups); the engine checks again with the request's uid, gid and the
     * caller's groups.
     */
    static String options(MountRequest r) {
        List<String> o = new ArrayList<>();
        o.add(r.readOnly() ? "ro" : "rw");
        o.add("nosuid");
        o.add("nodev");
        o.add("fsname=qsfs");
        o.add("subtype=qsfs");
        o.add("default_permissions");
        if (r.allowOther() && FuseMountService.allowOtherPermitted()) {
            o.add("allow_other");
        } else if (r.allowOther()) {
            log.warn("other users cannot use the drive: add user_allow_other to /etc/fuse.conf to allow it");
        }
        o.addAll(r.extraOptions());
        return String.join(",", o);
    }
}
