package org.qsfs.mount.dokany;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** DOKAN_FILE_INFO of Dokany 2.x (the same layout from 2.0 to 2.3; DeleteOnClose became DeletePending). */
@Structure.FieldOrder({"Context", "DokanContext", "DokanOptions", "ProcessingContext", "ProcessId", "IsDirectory",
        "DeletePending", "PagingIo", "SynchronousIo", "Nocache", "WriteToEndOfFile"})
public class DokanFileInfo extends Structure {
    /** Ours: the id of the open file in {@link DokanyFileSystem}. */
    public long Context;
    public long DokanContext;
    public Pointer DokanOptions;
    public Pointer ProcessingContext;
    public int ProcessId;
    public byte IsDirectory;
    public byte DeletePending;
    public byte PagingIo;
    public byte SynchronousIo;
    public byte Nocache;
    public byte WriteToEndOfFile;

    public DokanFileInfo() {
    }

    public DokanFileInfo(Pointer p) {
        super(p);
        read();
    }
}
