package org.qsfs.mount.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.SetAttr;
import org.qsfs.engine.fs.FsOperations;
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
            // -Dqsfs.mount.cacheMillis=N: attr_timeout and entry_timeout (default: MountRequest.DEFAULT_CACHE_TIME)
            Long cacheMillis = Long.getLong("qsfs.mount.cacheMillis");
            if (cacheMillis != null) {
                request = request.cacheTimeouts(java.time.Duration.ofMillis(cacheMillis),
                        java.time.Duration.ofMillis(cacheMillis));
            }
            FsOperations fs = Boolean.getBoolean("qsfs.demo.nullData") ? nullData(v.fs()) : v.fs();
            m = MountServices.choose(name).mount(fs, request);
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

    /**
     * {@code -Dqsfs.demo.nullData=true}: for measuring what the kernel and the adapter cost on
     * their own. Every call goes to the engine except the data ones: a write is acknowledged
     * without storing anything (the file's size is set at fsync and release, so it reads back
     * at its length), a read returns zeros, an fsync stores nothing. Never for real use.
     */
    static FsOperations nullData(FsOperations fs) {
        Map<Long, Long> inoOf = new ConcurrentHashMap<>();
        Map<Long, Long> end = new ConcurrentHashMap<>();
        return (FsOperations) Proxy.newProxyInstance(FsOperations.class.getClassLoader(),
                new Class<?>[] {FsOperations.class}, (proxy, method, a) -> {
                    String n = method.getName();
                    if (n.equals("write")) { // (fh, offset, buf, bufOff, len) or (fh, offset, ByteBuffer)
                        int len = a.length == 3 ? ((java.nio.ByteBuffer) a[2]).remaining() : (Integer) a[4];
                        end.merge((Long) a[0], (Long) a[1] + len, Math::max);
                        return len;
                    }
                    if (n.equals("read") && method.getParameterCount() == 5) {
                        Arrays.fill((byte[]) a[2], (Integer) a[3], (Integer) a[3] + (Integer) a[4], (byte) 0);
                        return a[4];
                    }
                    if (n.equals("read") && method.getParameterCount() == 3) { // (fh, offset, ByteBuffer dst)
                        java.nio.ByteBuffer dst = (java.nio.ByteBuffer) a[2];
                        int len = dst.remaining();
                        dst.put(new byte[len]);
                        return len;
                    }
                    if ((n.equals("fsync") || n.equals("release")) && a.length > 0 && a[0] instanceof Long fh) {
                        Long e = end.remove(fh);
                        Long ino = inoOf.get(fh);
                        if (e != null && ino != null && fs.getattr(ino).size() < e) {
                            fs.setattr(Caller.ROOT, ino, SetAttr.none().withSize(e));
                        }
                        if (n.equals("fsync")) {
                            return null;
                        }
                        inoOf.remove(fh);
                    }
                    Object r;
                    try {
                        r = method.invoke(fs, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (n.equals("open")) {
                        inoOf.put((Long) r, (Long) a[1]);
                    } else if (n.equals("create")) {
                        FsOperations.Created c = (FsOperations.Created) r;
                        inoOf.put(c.fh(), c.attr().ino());
                    }
                    return r;
                });
    }
}
