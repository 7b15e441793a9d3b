package org.qsfs.engine.cache;

/** Told of dispersal progress (after each block, and when the state changes). Must return quickly. */
public interface UploadListener {
    void progress(UploadProgress p);
}
