package org.qsfs.mount.dokany;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few functions of Dokany 2's {@code dokan2.dll} (dokan.h of Dokany 2.x) the mount
 * needs. x64 only: there the Windows calling conventions are one.
 */
public interface DokanNative extends Library {
    /** DokanCreateFileSystem / DokanMain results. */
    int DOKAN_SUCCESS = 0;
    int DOKAN_ERROR = -1;
    int DOKAN_DRIVE_LETTER_ERROR = -2;
    int DOKAN_DRIVER_INSTALL_ERROR = -3;
    int DOKAN_START_ERROR = -4;
    int DOKAN_MOUNT_ERROR = -5;
    int DOKAN_MOUNT_POINT_ERROR = -6;
    int DOKAN_VERSION_ERROR = -7;

    void DokanInit();

    void DokanShutdown();

    int DokanCreateFileSystem(DokanOptions options, DokanOperations operations, PointerByReference instance);

    boolean DokanIsFileSystemRunning(Pointer instance);

    /** WAIT_OBJECT_0 (0) when closed, WAIT_TIMEOUT (258) otherwise. */
    int DokanWaitForFileSystemClosed(Pointer instance, int milliseconds);

    void DokanCloseHandle(Pointer instance);

    boolean DokanRemoveMountPoint(WString mountPoint);

    int DokanVersion();

    int DokanDriverVersion();
}
