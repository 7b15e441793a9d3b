package org.qsfs.engine.zdb;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A misbehaving "backend" on loopback: each accepted connection is handed to a script. */
final class FakeBackend implements AutoCloseable {
    interface Script {
        void run(Socket s) throws Exception;
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    FakeBackend(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!closed) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    Thread t = new Thread(() -> {
                        try {
                            script.run(s);
                        } catch (Exception ignored) {
                            // the client went away
                        }
                    }, "fake-backend-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-backend-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return sockets.size();
    }

    /** Reads one RESP request (array of bulk strings). */
    static List<byte[]> readCommand(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        String head = line(d);
        if (!head.startsWith("*")) {
            throw new IOException("not a request: " + head);
        }
        int n = Integer.parseInt(head.substring(1));
        List<byte[]> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String len = line(d);
            byte[] b = new byte[Integer.parseInt(len.substring(1))];
            d.readFully(b);
            d.readFully(new byte[2]);
            args.add(b);
        }
        return args;
    }

    private static String line(DataInputStream d) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = d.read()) != '\r') {
            if (c < 0) {
                throw new IOException("eof");
            }
            b.write(c);
        }
        d.read();
        return b.toString(StandardCharsets.US_ASCII);
    }

    static void reply(Socket s, String raw) throws IOException {
        s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
