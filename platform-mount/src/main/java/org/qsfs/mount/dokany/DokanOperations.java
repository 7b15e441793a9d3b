package org.qsfs.mount.dokany;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * DOKAN_OPERATIONS of Dokany 2.x: one function pointer per callback, in dokan.h's order.
 * Strings (LPCWSTR) arrive as pointers to UTF-16LE and are decoded by {@link Utf16}, so
 * the same code runs (in tests) where wchar_t is not 16 bits. A null field means "not
 * implemented": Dokany then answers itself (FindFilesWithPattern falls back to FindFiles).
 */
@Structure.FieldOrder({"ZwCreateFile", "Cleanup", "CloseFile", "ReadFile", "WriteFile", "FlushFileBuffers",
        "GetFileInformation", "FindFiles", "FindFilesWithPattern", "SetFileAttributes", "SetFileTime", "DeleteFile",
        "DeleteDirectory", "MoveFile", "SetEndOfFile", "SetAllocationSize", "LockFile", "UnlockFile",
        "GetDiskFreeSpace", "GetVolumeInformation", "Mounted", "Unmounted", "GetFileSecurity", "SetFileSecurity",
        "FindStreams"})
public class DokanOperations extends Structure {

    public interface ZwCreateFileCallback extends Callback {
        int invoke(Pointer fileName, Pointer securityContext, int desiredAccess, int fileAttributes, int shareAccess,
                   int createDisposition, int createOptions, DokanFileInfo info);
    }

    public interface FileCallback extends Callback {
        void invoke(Pointer fileName, DokanFileInfo info);
    }

    public interface StatusCallback extends Callback {
        int invoke(Pointer fileName, DokanFileInfo info);
    }

    public interface ReadFileCallback extends Callback {
        int invoke(Pointer fileName, Pointer buffer, int bufferLength, Pointer readLength, long offset,
                   DokanFileInfo info);
    }

    public interface WriteFileCallback extends Callback {
        int invoke(Pointer fileName, Pointer buffer, int bytesToWrite, Pointer bytesWritten, long offset,
                   DokanFileInfo info);
    }

    public interface GetFileInformationCallback extends Callback {
        int invoke(Pointer fileName, Pointer byHandleFileInformation, DokanFileInfo info);
    }

    /** PFillFindData: adds one WIN32_FIND_DATAW; returns 1 when the buffer is full. */
    public interface FillFindData extends Callback {
        int invoke(Pointer findData, DokanFileInfo info);
    }

    public interface FindFilesCallback extends Callback {
        int invoke(Pointer pathName, FillFindData fill, DokanFileInfo info);
    }

    public interface FindFilesWithPatternCallback extends Callback {
        int invoke(Pointer pathName, Pointer searchPattern, FillFindData fill, DokanFileInfo info);
    }

    public interface SetFileAttributesCallback extends Callback {
        int invoke(Pointer fileName, int fileAttributes, DokanFileInfo info);
    }

    public interface SetFileTimeCallback extends Callback {
        int invoke(Pointer fileName, Pointer creationTime, Pointer lastAccessTime, Pointer lastWriteTime,
                   DokanFileInfo info);
    }

    public interface MoveFileCallback extends Callback {
        int invoke(Pointer fileName, Pointer newFileName, boolean replaceIfExisting, DokanFileInfo info);
    }

    public interface SizeCallback extends Callback {
        int invoke(Pointer fileName, long size, DokanFileInfo info);
    }

    public interface LockCallback extends Callback {
        int invoke(Pointer fileName, long byteOffset, long length, DokanFileInfo info);
    }

    public interface GetDiskFreeSpaceCallback extends Callback {
        int invoke(Pointer freeBytesAvailable, Pointer totalNumberOfBytes, Pointer totalNumberOfFreeBytes,
                   DokanFileInfo info);
    }

    public interface GetVolumeInformationCallback extends Callback {
        int invoke(Pointer volumeNameBuffer, int volumeNameSize, Pointer volumeSerialNumber,
                   Pointer maximumComponentLength, Pointer fileSystemFlags, Pointer fileSystemNameBuffer,
                   int fileSystemNameSize, DokanFileInfo info);
    }

    public interface MountedCallback extends Callback {
        int invoke(Pointer mountPoint, DokanFileInfo info);
    }

    public interface UnmountedCallback extends Callback {
        int invoke(DokanFileInfo info);
    }

    public interface GetFileSecurityCallback extends Callback {
        int invoke(Pointer fileName, Pointer securityInformation, Pointer securityDescriptor, int bufferLength,
                   Pointer lengthNeeded, DokanFileInfo info);
    }

    public interface SetFileSecurityCallback extends Callback {
        int invoke(Pointer fileName, Pointer securityInformation, Pointer securityDescriptor, int bufferLength,
                   DokanFileInfo info);
    }

    public interface FindStreamsCallback extends Callback {
        int invoke(Pointer fileName, Pointer fillFindStreamData, Pointer findStreamContext, DokanFileInfo info);
    }

    public ZwCreateFileCallback ZwCreateFile;
    public FileCallback Cleanup;
    public FileCallback CloseFile;
    public ReadFileCallback ReadFile;
    public WriteFileCallback WriteFile;
    public StatusCallback FlushFileBuffers;
    public GetFileInformationCallback GetFileInformation;
    public FindFilesCallback FindFiles;
    public FindFilesWithPatternCallback FindFilesWithPattern;
    public SetFileAttributesCallback SetFileAttributes;
    public SetFileTimeCallback SetFileTime;
    public StatusCallback DeleteFile;
    public StatusCallback DeleteDirectory;
    public MoveFileCallback MoveFile;
    public SizeCallback SetEndOfFile;
    public SizeCallback SetAllocationSize;
    public LockCallback LockFile;
    public LockCallback UnlockFile;
    public GetDiskFreeSpaceCallback GetDiskFreeSpace;
    public GetVolumeInformationCallback GetVolumeInformation;
    public MountedCallback Mounted;
    public UnmountedCallback Unmounted;
    public GetFileSecurityCallback GetFileSecurity;
    public SetFileSecurityCallback SetFileSecurity;
    public FindStreamsCallback FindStreams;
}
