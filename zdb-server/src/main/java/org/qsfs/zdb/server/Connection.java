package org.qsfs.zdb.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.qsfs.zdb.commands.ClientState;
import org.qsfs.zdb.commands.Dispatcher;
import org.qsfs.zdb.protocol.DirectBuffers;
import org.qsfs.zdb.protocol.Request;
import org.qsfs.zdb.protocol.RespProtocolException;
import org.qsfs.zdb.protocol.RespRequestParser;
import org.qsfs.zdb.protocol.RespWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client socket: reads bytes, runs every complete request, writes replies. Non-blocking,
 * driven by {@link EventLoop}. A client that does not read its replies stops being read
 * (backpressure) instead of growing the server's memory or stalling other clients.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final int READ_BUFFER = 64 * 1024;
    /** Above this many unsent reply bytes we stop executing this client's requests. */
    private static final int OUTPUT_HIGH_WATER = 4 * 1024 * 1024;
    /** Reads per readiness event, so one busy client cannot monopolise the loop. */
    private static final int MAX_READS_PER_EVENT = 32;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final RespRequestParser parser;
    private final RespWriter out;
    /** The event loop's pool: large request values and large reply payloads. */
    private final DirectBuffers payloads;
    /**
     * Direct: the kernel copies into it and the parser copies out of it. A heap buffer costs a
     * third copy, through the JDK's temporary direct buffer, on every read (a 1 MiB SET: 1 MiB).
     */
    private final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
    private final ClientState state;
    private final ServerStats stats;
    private boolean closeAfterFlush;
    private boolean closed;

    Connection(SocketChannel channel, SelectionKey key, ClientState.Factory factory, ServerStats stats,
               DirectBuffers payloads) {
        this.channel = channel;
        this.key = key;
        this.payloads = payloads;
        this.parser = new RespRequestParser(payloads);
        this.out = new RespWriter(16 * 1024, payloads);
        this.state = factory.create(out);
        this.stats = stats;
        in.flip(); // empty, ready for reading out of it
    }

    ClientState state() {
        return state;
    }

    boolean isClosed() {
        return closed;
    }

    /** Socket readable: read what is there and run the complete requests. */
    void onReadable(Dispatcher dispatcher) {
        try {
            // keep reading while the socket fills the buffer: a large value arrives in one
            // readiness event instead of one select round per 64 KiB
            for (int round = 0; round < MAX_READS_PER_EVENT; round++) {
                in.compact();
                int n = channel.read(in);
                in.flip();
                if (n < 0) {
                    close();
                    return;
                }
                stats.networkRx += n;
                process(dispatcher);
                if (closed || n < READ_BUFFER || key.interestOps() != SelectionKey.OP_READ) {
                    break;
                }
            }
        } catch (IOException e) {
            log.debug("client read failed: {}", e.toString());
            close();
        }
    }

    /**
     * Runs buffered requests and writes their replies. When the replies pile up past the high
     * water mark, it stops to write them; if the socket took everything it goes on with the
     * requests still buffered (the client may be waiting for those answers before sending
     * more), otherwise {@link #onWritable} resumes once the socket drains.
     */
    void process(Dispatcher dispatcher) throws IOException {
        while (true) {
            boolean heldBack = runRequests(dispatcher);
            flush();
            if (closed || !heldBack || !out.isEmpty()) {
                return;
            }
        }
    }

    /** Runs complete requests from the buffer; true when it stopped because of the output. */
    private boolean runRequests(Dispatcher dispatcher) {
        while (!closeAfterFlush) {
            if (out.size() >= OUTPUT_HIGH_WATER) {
                return in.hasRemaining();
            }
            Request request;
            try {
                request = parser.next(in);
            } catch (RespProtocolException e) {
                parser.discard();
                out.error(e.getMessage());
                closeAfterFlush = true;
                return false;
            }
            if (request == null) {
                return false;
            }
            try {
                if (dispatcher.dispatch(state, request) == Dispatcher.Outcome.DISCONNECT) {
                    closeAfterFlush = true;
                }
            } finally {
                request.release(payloads); // commands are done with their arguments when they return
            }
        }
        return false;
    }

    /** Writes pending replies; returns normally even if the socket takes only part. */
    void flush() throws IOException {
        if (closed) {
            return;
        }
        if (!out.isEmpty()) {
            long written = out.writeTo(channel);
            stats.networkTx += written;
        }
        if (out.isEmpty()) {
            out.shrinkIfIdle(16 * 1024);
            if (closeAfterFlush) {
                close();
                return;
            }
            // read again; requests already buffered (paused by backpressure) run first
            key.interestOps(SelectionKey.OP_READ);
        } else {
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    /**
     * Socket writable again, or replies were queued for this client by someone else (WAIT
     * wake-ups): send them, then resume requests held back by backpressure. Whoever flushes
     * must resume, or a client waiting for those replies would wait forever.
     */
    void onWritable(Dispatcher dispatcher) {
        try {
            flush();
            if (!closed && out.isEmpty() && in.hasRemaining()) {
                process(dispatcher);
            }
        } catch (IOException e) {
            log.debug("client write failed: {}", e.toString());
            close();
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        out.discard();
        parser.discard();
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("close failed: {}", e.toString());
        }
    }
}
