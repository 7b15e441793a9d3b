package org.qsfs.mount.dokany;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.qsfs.mount.MountBusyException;
import org.qsfs.mount.MountException;
import org.qsfs.mount.MountPointException;
import org.qsfs.mount.MountRequest;
import org.qsfs.mount.MountedVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One live Dokany mount: created with DokanCreateFileSystem, removed with DokanRemoveMountPoint. */
final class DokanyMount implements MountedVolume {
    private static final Logger log = LoggerFactory.getLogger(DokanyMount.class);

    private final DokanNative lib;
    private final DokanyFileSystem dfs;
    private final String mountPoint;
    private final AutoCloseable closeAfterUnmount;
    private final AtomicBoolean done = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private DokanOptions options; // kept referenced while mounted
    private Pointer instance;
    private Thread shutdownHook;

    DokanyMount(DokanNative lib, DokanyFileSystem dfs, String mountPoint, AutoCloseable closeAfterUnmount) {
        this.lib = lib;
        this.dfs = dfs;
        this.mountPoint = mountPoint;
        this.closeAfterUnmount = closeAfterUnmount;
    }

    /** "q" / "Q:" / "Q:\" -> "Q:\"; a folder path is kept as it is. */
    static String normalize(String mp) {
        String m = mp.trim();
        if (m.matches("(?i)[a-z]:?\\\\?")) {
            return Character.toUpperCase(m.charAt(0)) + ":\\";
        }
        return m;
    }

    void start(MountRequest r) throws MountException {
        options = new DokanOptions();
        options.Version = DokanOptions.VERSION;
        options.SingleThread = 0;
        options.Options = DokanOptions.OPTION_CASE_SENSITIVE | DokanOptions.OPTION_MOUNT_MANAGER
                | (r.readOnly() ? DokanOptions.OPTION_WRITE_PROTECT : 0)
                | (r.debug() ? DokanOptions.OPTION_DEBUG | DokanOptions.OPTION_STDERR : 0);
        options.MountPoint = new WString(mountPoint);
        options.Timeout = 30_000;
        options.AllocationUnitSize = 4096;
        options.SectorSize = 4096;
        lib.DokanInit();
        PointerByReference handle = new PointerByReference();
        int rc = lib.DokanCreateFileSystem(options, dfs.operations(), handle);
        if (rc != DokanNative.DOKAN_SUCCESS) {
            throw failure(rc);
        }
        instance = handle.getValue();
        try {
            if (!dfs.mountedLatch().await(30, TimeUnit.SECONDS)) {
                log.warn("Dokany did not report {} as mounted within 30 s", mountPoint);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutdownHook = new Thread(() -> {
            try {
                unmount(true);
            } catch (MountException e) {
                log.error("unmounting {} at shutdown: {}", mountPoint, e.getMessage());
            }
        }, "qsfs-dokany-unmount " + mountPoint);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        log.info("mounted at {}", mountPoint);
    }

    private MountException failure(int rc) {
        return switch (rc) {
            case DokanNative.DOKAN_DRIVE_LETTER_ERROR -> new MountPointException("drive letter " + mountPoint
                    + " is invalid or already in use: choose another letter");
            case DokanNative.DOKAN_MOUNT_POINT_ERROR -> new MountPointException("mount point " + mountPoint
                    + " cannot be used: use a free drive letter or an existing empty folder on NTFS");
            case DokanNative.DOKAN_DRIVER_INSTALL_ERROR -> new MountException("the Dokany driver is not installed:"
                    + " reinstall Dokany 2 (https://github.com/dokan-dev/dokany/releases) and reboot");
            case DokanNative.DOKAN_START_ERROR -> new MountException("the Dokany driver did not start:"
                    + " reboot or reinstall Dokany 2");
            case DokanNative.DOKAN_MOUNT_ERROR -> new MountException("Windows refused to assign " + mountPoint
                    + ": choose another drive letter");
            case DokanNative.DOKAN_VERSION_ERROR -> new MountException("the installed Dokany library and driver"
                    + " versions do not match: reinstall Dokany 2");
            default -> new MountException("Dokany could not mount " + mountPoint + " (error " + rc + ")");
        };
    }

    @Override
    public Path mountPoint() {
        return Path.of(mountPoint);
    }

    @Override
    public String serviceName() {
        return DokanyMountService.NAME;
    }

    @Override
    public boolean isMounted() {
        return !done.get() && instance != null && lib.DokanIsFileSystemRunning(instance);
    }

    @Override
    public synchronized void unmount(boolean force) throws MountException {
        if (done.get()) {
            return;
        }
        int open = dfs.openCount();
        if (!force && open > 0) {
            throw new MountBusyException("cannot unmount " + mountPoint + ": " + open + " file(s) or folder(s) on it"
                    + " are open. Close them and retry, or unmount with force.", List.of());
        }
        lib.DokanRemoveMountPoint(new WString(mountPoint));
        if (lib.DokanWaitForFileSystemClosed(instance, 15_000) != 0) {
            log.warn("Dokany still runs {} 15 s after unmount", mountPoint);
        }
        lib.DokanCloseHandle(instance);
        done.set(true);
        dfs.releaseAll();
        if (closeAfterUnmount != null) {
            try {
                closeAfterUnmount.close();
            } catch (Exception e) {
                log.error("closing the volume after unmounting {} failed", mountPoint, e);
            }
        }
        finished.countDown();
        if (shutdownHook != null && shutdownHook != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // shutting down
            }
        }
        log.info("unmounted {}", mountPoint);
    }

    @Override
    public void awaitUnmounted() throws InterruptedException {
        finished.await();
    }
}
