package org.qsfs.mount.dokany;

import com.sun.jna.Structure;
import com.sun.jna.WString;

/** DOKAN_OPTIONS of Dokany 2.x. */
@Structure.FieldOrder({"Version", "SingleThread", "Options", "GlobalContext", "MountPoint", "UNCName", "Timeout",
        "AllocationUnitSize", "SectorSize", "VolumeSecurityDescriptorLength", "VolumeSecurityDescriptor"})
public class DokanOptions extends Structure {
    /** The dokan.h version this binding follows (2.3.x); Dokany accepts 200 and later. */
    public static final short VERSION = 230;
    public static final int VOLUME_SECURITY_DESCRIPTOR_MAX_SIZE = 1024 * 16;

    public static final int OPTION_DEBUG = 1;
    public static final int OPTION_STDERR = 1 << 1;
    public static final int OPTION_ALT_STREAM = 1 << 2;
    public static final int OPTION_WRITE_PROTECT = 1 << 3;
    public static final int OPTION_NETWORK = 1 << 4;
    public static final int OPTION_REMOVABLE = 1 << 5;
    public static final int OPTION_MOUNT_MANAGER = 1 << 6;
    public static final int OPTION_CURRENT_SESSION = 1 << 7;
    public static final int OPTION_FILELOCK_USER_MODE = 1 << 8;
    public static final int OPTION_CASE_SENSITIVE = 1 << 9;

    public short Version;
    public byte SingleThread;
    public int Options;
    public long GlobalContext;
    public WString MountPoint;
    public WString UNCName;
    public int Timeout;
    public int AllocationUnitSize;
    public int SectorSize;
    public int VolumeSecurityDescriptorLength;
    public byte[] VolumeSecurityDescriptor = new byte[VOLUME_SECURITY_DESCRIPTOR_MAX_SIZE];
}
