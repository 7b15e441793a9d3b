package org.qsfs.mount.fuse;

/** The file handles a mount's adapter holds open; a forced unmount leaves some behind. */
public interface OpenHandles {

    int openHandleCount();

    /** Releases every handle still open. */
    void releaseAll();
}
