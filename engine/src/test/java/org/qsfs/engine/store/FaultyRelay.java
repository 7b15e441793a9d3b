package org.qsfs.engine.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback in front of a real zdb-server, to break the network between the
 * client and the server at a chosen point: {@link #cutAfter} lets a number of request bytes
 * through, lets the server's replies to them come back, then drops the connection (once);
 * {@link #delayReplies} holds every reply back for a while. Otherwise it passes bytes unchanged.
 */
final class FaultyRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Request bytes still let through before the cut; negative: no cut armed. */
    private final AtomicLong budget = new AtomicLong(-1);
    private volatile long replyDelayMillis;
    private volatile boolean cut;

    FaultyRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "faulty-relay");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The next {@code bytes} request bytes pass, then the connection carrying them is dropped. */
    void cutAfter(long bytes) {
        cut = false;
        budget.set(bytes);
    }

    /** Whether an armed cut happened. */
    boolean cut() {
        return cut;
    }

    void delayReplies(long millis) {
        replyDelayMillis = millis;
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, true);
                pump(server, client, false);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void pump(Socket from, Socket to, boolean requests) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (requests) {
                        long left = budget.get();
                        if (left >= 0 && n >= left) {
                            out.write(buf, 0, (int) left);
                            out.flush();
                            budget.set(-1);
                            cut = true; // nothing more passes from here (told before the client may finish)
                            Thread.sleep(300); // the replies to what got through come back first
                            from.close();
                            to.close();
                            return;
                        }
                        if (left >= 0) {
                            budget.addAndGet(-n);
                        }
                    } else if (replyDelayMillis > 0) {
                        Thread.sleep(replyDelayMillis);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed
            } finally {
                close(from);
                close(to);
            }
        }, "faulty-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            close(s);
        }
    }
}
