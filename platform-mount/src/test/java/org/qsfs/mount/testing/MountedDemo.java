package org.qsfs.mount.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.qsfs.mount.MountRequest;
import org.qsfs.mount.MountService;
import org.qsfs.mount.MountServices;
import org.qsfs.mount.MountedVolume;

/**
 * A {@link DemoVolume} mounted at {@code dir/mnt} with the best mount service here
 * ("fuse-direct" on Linux), or the one named by {@code -Dqsfs.mount.service} or
 * {@link #start(Path, MountRequest, String)}.
 */
public final class MountedDemo implements AutoCloseable {
    private final DemoVolume volume;
    private final MountedVolume mount;

    private MountedDemo(DemoVolume volume, MountedVolume mount) {
        this.volume = volume;
        this.mount = mount;
    }

    public static MountedDemo start(Path dir) throws Exception {
        return start(dir, MountRequest.at(dir.resolve("mnt").toString()));
    }

    public static MountedDemo start(Path dir, MountRequest request) throws Exception {
        return start(dir, request, service());
    }

    /** The service the tests mount with: {@code -Dqsfs.mount.service=NAME}, else the best one here. */
    public static String service() {
        return System.getProperty("qsfs.mount.service", "auto");
    }

    public static MountedDemo start(Path dir, MountRequest request, String service) throws Exception {
        Files.createDirectories(Path.of(request.mountPoint()));
        DemoVolume v = DemoVolume.start(dir.resolve("volume"));
        try {
            MountService fuse = MountServices.choose(service);
            MountedVolume m = fuse.mount(v.fs(), request.closeAfterUnmount(v.closer()).snapshots(v.volume().versions()));
            return new MountedDemo(v, m);
        } catch (Exception e) {
            v.close();
            throw e;
        }
    }

    public Path root() {
        return mount.mountPoint();
    }

    public Path path(String relative) {
        return mount.mountPoint().resolve(relative);
    }

    public MountedVolume mount() {
        return mount;
    }

    public DemoVolume volume() {
        return volume;
    }

    @Override
    public void close() throws Exception {
        try {
            mount.unmount(false);
        } catch (Exception e) {
            mount.unmount(true);
            throw e;
        }
    }
}
