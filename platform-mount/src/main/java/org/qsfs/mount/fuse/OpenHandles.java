package org.qsfs.mount.fuse;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine file handles the kernel holds open through a FUSE mount, each with its inode
 * (I/O by handle needs it); a forced unmount leaves some behind, released here.
 */
public final class OpenHandles {
    private static final Logger log = LoggerFactory.getLogger(OpenHandles.class);

    private final FsOperations fs;
    private final ConcurrentHashMap<Long, Long> inos = new ConcurrentHashMap<>();

    public OpenHandles(FsOperations fs) {
        this.fs = fs;
    }

    public void opened(long fh, long ino) {
        inos.put(fh, ino);
    }

    public void released(long fh) {
        inos.remove(fh);
    }

    /** The inode handle {@code fh} is open on; null when it is not open. */
    public Long ino(long fh) {
        return inos.get(fh);
    }

    public int count() {
        return inos.size();
    }

    /** Releases the handles still open (after a forced unmount the kernel sends no RELEASE for them). */
    public void releaseAll() {
        for (Long fh : List.copyOf(inos.keySet())) {
            try {
                fs.release(fh);
            } catch (FsException | RuntimeException e) {
                log.warn("releasing handle {} after unmount: {}", fh, e.toString());
            }
            inos.remove(fh);
        }
    }
}
