package org.qsfs.mount.dokany;

import com.sun.jna.Native;
import java.util.EnumSet;
import java.util.Set;
import org.qsfs.engine.fs.Attr;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.mount.AvailabilityProbe;
import org.qsfs.mount.MountCapability;
import org.qsfs.mount.MountException;
import org.qsfs.mount.MountRequest;
import org.qsfs.mount.MountService;
import org.qsfs.mount.MountServices;
import org.qsfs.mount.MountedVolume;

/** Windows: the volume as a drive letter (or an empty NTFS folder) through Dokany 2 ({@code dokan2.dll}). */
public final class DokanyMountService implements MountService {
    public static final String NAME = "dokany";
    static final String LIBRARY = "dokan2";

    private final AvailabilityProbe availability = new AvailabilityProbe(this::probe);
    private volatile DokanNative lib;

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
        return EnumSet.of(MountCapability.DRIVE_LETTER, MountCapability.DIRECTORY_MOUNT_POINT,
                MountCapability.HARD_LINKS, MountCapability.FORCED_UNMOUNT);
    }

    @Override
    public String unavailableReason() {
        return availability.reason();
    }

    private String probe() {
        if (!MountServices.osFamily().equals("windows")) {
            return "Dokany is for Windows; on " + System.getProperty("os.name") + " use the 'fuse' mount service";
        }
        if (!"amd64".equals(System.getProperty("os.arch")) && !"x86_64".equals(System.getProperty("os.arch"))) {
            return "the Dokany binding supports 64-bit x86 Windows only";
        }
        try {
            DokanNative l = Native.load(LIBRARY, DokanNative.class);
            int v = l.DokanVersion();
            if (v < 200) {
                return "Dokany " + v + " is too old: install Dokany 2 from https://github.com/dokan-dev/dokany/releases";
            }
            lib = l;
            return "";
        } catch (Throwable t) {
            return "Dokany 2 is not installed (" + LIBRARY + ".dll not found): install it from"
                    + " https://github.com/dokan-dev/dokany/releases (DokanSetup.exe) and retry";
        }
    }

    @Override
    public MountedVolume mount(FsOperations fs, MountRequest request) throws MountException {
        availability.require("Dokany");
        Caller owner;
        try {
            Attr root = fs.getattr(FsOperations.ROOT_INO);
            owner = new Caller(root.uid(), root.gid(), new int[0]);
        } catch (FsException e) {
            throw new MountException("cannot read the volume's root directory: " + e.getMessage(), e);
        }
        DokanyFileSystem dfs = new DokanyFileSystem(fs, owner, request.volumeName());
        DokanyMount m = new DokanyMount(lib, dfs, DokanyMount.normalize(request.mountPoint()),
                request.closeAfterUnmount());
        m.start(request);
        return m;
    }
}
