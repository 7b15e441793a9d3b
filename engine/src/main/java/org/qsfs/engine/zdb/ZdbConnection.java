package org.qsfs.engine.zdb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection to a backend speaking RESP2. Not thread-safe: a pool hands it to one
 * thread at a time. Every exchange runs under a deadline: reads wait at most until it, and a
 * watchdog closes the socket when it passes (Java socket writes have no timeout of their own),
 * so nothing ever blocks for longer. After any transport error, a timeout or a malformed reply
 * the connection is {@link #broken()} and must be closed, never reused: its stream is out of sync.
 */
final class ZdbConnection implements Closeable {
    private static final int BUFFER = 64 * 1024;

    /** One daemon thread for the whole JVM: it only closes sockets whose deadline passed. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = newWatchdog();

    private final Socket socket;
    private final DeadlineInputStream deadlineIn;
    private final BufferedInputStream in;
    private final BufferedOutputStream out;
    private final long createdNanos = System.nanoTime();
    private volatile boolean timedOut;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
    /** Run once when the connection is closed (the pool's count of open connections). */
    volatile Runnable onClose;
    private boolean broken;
    private ScheduledFuture<?> watchdog;
    /** When it was last given back to the pool (for idle expiry). */
    long idleSinceNanos;
    /** True once it has served a request and gone back to the pool. */
    boolean reused;

    private ZdbConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.deadlineIn = new DeadlineInputStream(socket);
        this.in = new BufferedInputStream(deadlineIn, BUFFER);
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
    }

    /** Opens a TCP connection within {@code connectTimeoutMillis}; no command is sent yet. */
    static ZdbConnection open(String host, int port, int connectTimeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), Math.max(1, connectTimeoutMillis));
            return new ZdbConnection(s);
        } catch (IOException | RuntimeException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
            throw e;
        }
    }

    private static ScheduledThreadPoolExecutor newWatchdog() {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "zdb-client-watchdog");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }

    /** Starts an exchange that must complete before {@code deadlineNanos} (System.nanoTime). */
    void begin(long deadlineNanos) {
        deadlineIn.bytesRead = 0;
        extend(deadlineNanos);
    }

    /** Moves the deadline of the current exchange (the next round of a long pipeline). */
    void extend(long deadlineNanos) {
        end();
        deadlineIn.deadline = deadlineNanos;
        long delay = deadlineNanos - System.nanoTime();
        watchdog = WATCHDOG.schedule(this::expire, Math.max(0, delay) + 50_000_000L, TimeUnit.NANOSECONDS);
    }

    /** Ends the exchange started by {@link #begin}. */
    void end() {
        ScheduledFuture<?> w = watchdog;
        watchdog = null;
        if (w != null) {
            w.cancel(false);
        }
    }

    private void expire() {
        timedOut = true;
        closeQuietly();
    }

    /** Queues one request in the output buffer; {@link #flush()} sends it. */
    void write(byte[]... args) throws IOException {
        try {
            Resp.writeCommand(out, args);
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    /** Reads one whole reply; see {@link Resp#readReply}. */
    Object read() throws IOException {
        return read(null);
    }

    /** As {@link #read()}; a bulk reply of exactly {@code bulkInto.length} bytes goes into it. */
    Object read(byte[] bulkInto) throws IOException {
        try {
            return Resp.readReply(in, bulkInto);
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    /** Sends one request and reads its reply. */
    Object call(byte[]... args) throws IOException {
        write(args);
        flush();
        return read();
    }

    /**
     * Whether an idle connection still looks usable: no EOF, no reset and no unsolicited bytes
     * waiting. Costs up to a millisecond, so the pool asks only after a long idle time.
     */
    boolean stillOpen() {
        if (broken()) {
            return false;
        }
        try {
            if (in.available() > 0) {
                broken = true; // unsolicited bytes: out of sync
                return false;
            }
            socket.setSoTimeout(1);
            socket.getInputStream().read();
            // EOF: the backend closed it; a byte: it sent something nobody asked for
            broken = true;
            return false;
        } catch (SocketTimeoutException e) {
            return true; // nothing to read, as it should be
        } catch (IOException e) {
            broken = true;
            return false;
        }
    }

    /** Whether the last failure was the deadline passing (read timeout or the watchdog). */
    boolean timedOut(IOException e) {
        return timedOut || e instanceof SocketTimeoutException;
    }

    /** Bytes received since {@link #begin}: 0 means the backend said nothing at all. */
    long bytesReadInExchange() {
        return deadlineIn.bytesRead;
    }

    void markBroken() {
        broken = true;
    }

    boolean broken() {
        return broken || closed || timedOut;
    }

    long ageNanos() {
        return System.nanoTime() - createdNanos;
    }

    @Override
    public void close() {
        end();
        closeQuietly();
        Runnable r = onClose;
        if (r != null && released.compareAndSet(false, true)) {
            r.run();
        }
    }

    private void closeQuietly() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    /** Sets the socket's read timeout to what is left before the deadline on every read. */
    private static final class DeadlineInputStream extends FilterInputStream {
        private final Socket socket;
        volatile long deadline;
        long bytesRead;

        DeadlineInputStream(Socket socket) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
        }

        private void arm() throws IOException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no reply before the deadline");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1)));
        }

        @Override
        public int read() throws IOException {
            arm();
            int b = in.read();
            if (b >= 0) {
                bytesRead++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            int n = in.read(b, off, len);
            if (n > 0) {
                bytesRead += n;
            }
            return n;
        }
    }
}
