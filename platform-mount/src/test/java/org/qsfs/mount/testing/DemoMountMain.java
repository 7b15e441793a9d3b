package org.qsfs.mount.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.qsfs.mount.MountRequest;
import org.qsfs.mount.MountServices;
import org.qsfs.mount.MountedVolume;

/**
 * Mounts a demo volume and serves it until unmounted or signalled (SIGTERM/SIGINT unmount
 * cleanly). Used by the crash tests (as a separate JVM) and by bench/mount/run.sh. The mount
 * service is the best one here, or the one named by {@code -Dqsfs.mount.service=NAME} or the
 * environment variable {@code QSFS_MOUNT} ("fuse-direct", "fuse").
 *
 * <pre>java -cp CLASSPATH org.qsfs.mount.testing.DemoMountMain VOLUME_DIR MOUNT_DIR</pre>
 */
public final class DemoMountMain {
    private DemoMountMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: DemoMountMain VOLUME_DIR MOUNT_DIR");
            System.exit(2);
        }
        Path mp = Files.createDirectories(Path.of(args[1]));
        DemoVolume v = DemoVolume.start(Path.of(args[0]));
        MountedVolume m;
        try {
            String name = System.getProperty("qsfs.mount.service", System.getenv().getOrDefault("QSFS_MOUNT", "auto"));
            MountRequest request = MountRequest.at(mp.toString()).closeAfterUnmount(v.closer())
                    .snapshots(v.volume().versions());
            // -Dqsfs.mount.cacheMillis=N: attr_timeout and entry_timeout (default 1 s, MountRequest's)
            Long cacheMillis = Long.getLong("qsfs.mount.cacheMillis");
            if (cacheMillis != null) {
                request = request.cacheTimeouts(java.time.Duration.ofMillis(cacheMillis),
                        java.time.Duration.ofMillis(cacheMillis));
            }
            m = MountServices.choose(name).mount(v.fs(), request);
        } catch (Exception e) {
            v.close();
            System.err.println("mount failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("MOUNTED " + m.mountPoint() + " " + m.serviceName());
        System.out.flush();
        m.awaitUnmounted();
        System.out.println("UNMOUNTED");
    }
}
