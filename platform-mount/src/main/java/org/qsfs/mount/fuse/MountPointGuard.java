package org.qsfs.mount.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.qsfs.mount.MountException;
import org.qsfs.mount.MountPointException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a mount point before mounting: clears a dead FUSE mount left by a crashed run,
 * and refuses a missing, non-directory, non-empty or live-mounted path with a message
 * that says what to do. Shared by both FUSE services (this package and {@code fusekernel}).
 */
public final class MountPointGuard {
    private static final Logger log = LoggerFactory.getLogger(MountPointGuard.class);

    /** What {@link #probe} found at a mount point. */
    public enum State { ANSWERS, DEAD, HANGS }

    private MountPointGuard() {
    }

    /** Returns the canonical mount point, ready to mount on. */
    public static Path prepare(Path mountPoint, boolean clearStale, boolean linux) throws MountException {
        Path mp = canonical(mountPoint);
        if (linux) {
            Optional<MountTable.Entry> e = mountAt(mp);
            if (e.isPresent()) {
                mp = handleExistingMount(mp, e.get(), clearStale);
            }
        }
        if (!Files.exists(mp, LinkOption.NOFOLLOW_LINKS)) {
            throw new MountPointException("mount point " + mp + " does not exist: create an empty directory there"
                    + " (mkdir -p '" + mp + "') or choose another");
        }
        if (!Files.isDirectory(mp)) {
            throw new MountPointException("mount point " + mp + " is not a directory: choose an empty directory");
        }
        try (Stream<Path> s = Files.list(mp)) {
            long n = s.limit(1000).count();
            if (n > 0) {
                throw new MountPointException("mount point " + mp + " is not empty (" + (n >= 1000 ? "1000+" : n)
                        + " entries): mounting over it would hide them; choose an empty directory");
            }
        } catch (IOException e) {
            throw new MountPointException("mount point " + mp + " cannot be read (" + e.getMessage()
                    + "): check its permissions or choose another directory");
        }
        return mp;
    }

    private static Path handleExistingMount(Path mp, MountTable.Entry e, boolean clearStale) throws MountException {
        if (!e.isFuse()) {
            throw new MountPointException(mp + " is already a mount point (" + e.fsType() + " from " + e.source()
                    + "): unmount it first or choose another directory");
        }
        State state = probe(mp);
        if (state == State.ANSWERS) {
            throw new MountPointException(mp + " is already mounted (" + e.fsType() + " from " + e.source()
                    + ") and in use: unmount it first (fusermount -u '" + mp + "') or choose another directory");
        }
        if (state == State.HANGS) {
            throw new MountPointException(mp + " is a FUSE mount (" + e.fsType() + ") that does not answer: "
                    + "its process may be stopped; unmount it with 'fusermount -u -z " + mp + "' and retry");
        }
        if (!clearStale) {
            throw new MountPointException(mp + " is a dead FUSE mount left by a crashed run: clear it with"
                    + " 'fusermount -u -z " + mp + "' and retry");
        }
        log.warn("{} is a dead {} mount left by a crashed run; clearing it", mp, e.fsType());
        Unmounter.lazy(mp);
        try {
            for (int i = 0; i < 100 && mountAt(mp).isPresent(); i++) {
                Thread.sleep(20);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        if (mountAt(mp).filter(MountTable.Entry::isFuse).isPresent() && probe(mp) == State.DEAD) {
            throw new MountPointException("could not clear the dead FUSE mount at " + mp
                    + ": run 'fusermount -u -z " + mp + "' (or 'umount -l') as its owner and retry");
        }
        return mp;
    }

    public static Optional<MountTable.Entry> mountAt(Path mp) throws MountException {
        try {
            return MountTable.at(mp);
        } catch (IOException e) {
            throw new MountException("cannot read the mount table: " + e.getMessage(), e);
        }
    }

    /** stat(2) of the mount point, at most 5 s: a dead FUSE mount fails with ENOTCONN. */
    public static State probe(Path mp) {
        CompletableFuture<State> f = CompletableFuture.supplyAsync(() -> {
            try {
                Files.readAttributes(mp, BasicFileAttributes.class);
                return State.ANSWERS;
            } catch (IOException e) {
                return State.DEAD;
            }
        });
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return State.HANGS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return State.HANGS;
        } catch (ExecutionException e) {
            return State.DEAD;
        }
    }

    /** The absolute path with the parent's symlinks resolved (the leaf itself may be a dead mount). */
    public static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            return abs;
        }
        try {
            return parent.toRealPath().resolve(abs.getFileName());
        } catch (IOException e) {
            return abs;
        }
    }

    static List<String> holders(Path mp) {
        return MountHolders.of(mp);
    }
}
