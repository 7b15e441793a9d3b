package org.qsfs.app.ui;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.qsfs.app.control.ActionResult;
import org.qsfs.app.control.ControlClient;
import org.qsfs.app.control.ControlEndpoint;
import org.qsfs.app.control.ControlException;
import org.qsfs.app.control.LoopbackServer;
import org.qsfs.app.control.LoopbackServer.Reply;

/**
 * One desktop app per user: the first instance holds a lock on app.lock and serves a tiny
 * loopback endpoint (app.json, owner-only, with a token); a second launch cannot take the
 * lock, asks the first through that endpoint to come to front, and exits.
 */
public final class SingleInstance implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final LoopbackServer server;
    private final Path endpointFile;

    private SingleInstance(FileChannel channel, FileLock lock, LoopbackServer server, Path endpointFile) {
        this.channel = channel;
        this.lock = lock;
        this.server = server;
        this.endpointFile = endpointFile;
    }

    /**
     * Becomes the one instance, or returns empty when another one holds the lock (after asking
     * it to come to front).
     *
     * @param toFront run (on the server's thread) when a second launch asks for the window
     */
    public static Optional<SingleInstance> acquire(Path lockFile, Path endpointFile, Runnable toFront)
            throws IOException {
        Files.createDirectories(lockFile.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            askToFront(endpointFile);
            return Optional.empty();
        }
        LoopbackServer s = LoopbackServer.create("qsfs-app-instance");
        s.route("POST", "/v1/front", (m, p, b) -> {
            toFront.run();
            return Reply.json(200, new ActionResult(true, "brought to front"));
        });
        s.start();
        s.endpoint(null).writeTo(endpointFile);
        return Optional.of(new SingleInstance(ch, lock, s, endpointFile));
    }

    /** Asks the running instance to show its window; false when it does not answer. */
    public static boolean askToFront(Path endpointFile) {
        try {
            Optional<ControlEndpoint> e = ControlEndpoint.read(endpointFile);
            if (e.isEmpty()) {
                return false;
            }
            new ControlClient(e.get()).post("/v1/front", ActionResult.class);
            return true;
        } catch (ControlException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.close();
        try {
            Files.deleteIfExists(endpointFile);
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the OS releases the lock when the process ends
        }
    }
}
