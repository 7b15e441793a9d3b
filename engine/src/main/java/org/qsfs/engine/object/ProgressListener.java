package org.qsfs.engine.object;

/**
 * Progress of a store or retrieve, for progress bars. Called after each block, never
 * concurrently (calls may come from different threads).
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    /**
     * @param bytesDone plaintext bytes stored or retrieved so far
     * @param bytesTotal the total, or -1 when not known (a stream of unknown length)
     */
    void progress(long bytesDone, long bytesTotal);
}
