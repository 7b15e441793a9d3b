package org.qsfs.mount.fusekernel;

import com.sun.jna.Native;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.mount.MountCapability;
import org.qsfs.mount.MountException;
import org.qsfs.mount.MountRequest;
import org.qsfs.mount.MountService;
import org.qsfs.mount.MountServices;
import org.qsfs.mount.MountUnavailableException;
import org.qsfs.mount.MountedVolume;
import org.qsfs.mount.fuse.Commands;
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

    private volatile String unavailable;

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
        String r = unavailable;
        if (r == null) {
            r = probe();
            unavailable = r;
        }
        return r;
    }

    private static String probe() {
        if (!MountServices.osFamily().equals("linux")) {
            return "the direct FUSE protocol is Linux only; on " + System.getProperty("os.name")
                    + " use mount service 'fuse' (macOS) or 'dokany' (Windows)";
        }
        Path dev = Path.of("/dev/fuse");
        if (!Files.exists(dev)) {
            return "/dev/fuse is missing: load the fuse kernel module (modprobe fuse), or in a container"
                    + " pass --device /dev/fuse --cap-add SYS_ADMIN";
        }
        // fusermount3 opens /dev/fuse with the caller's rights (it is 0666 on desktop systems)
        if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
            return "/dev/fuse is not readable and writable by this user: fix its permissions (chmod 666 /dev/fuse)";
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
        if (!isAvailableHere()) {
            throw new MountUnavailableException("cannot mount with FUSE: " + unavailableReason());
        }
        if (!Charset.defaultCharset().name().equals("UTF-8")) {
            log.debug("default charset {}: names are passed as bytes, unaffected", Charset.defaultCharset());
        }
        Path mp = MountPointGuard.prepare(Path.of(request.mountPoint()), request.clearStaleMount(), true);
        InitNegotiation.Settings settings = InitNegotiation.Settings.defaults();
        SnapshotTree snapshots = request.snapshots() == null ? null : new SnapshotTree(request.snapshots(), fs);
        MountContext context = new MountContext(fs, snapshots,
                new AttrEncoder(request.entryTimeout(), request.attrTimeout()), settings.writeback());
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
