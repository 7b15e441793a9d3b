package org.qsfs.zdb.server;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.qsfs.zdb.commands.ClientState;
import org.qsfs.zdb.commands.Dispatcher;
import org.qsfs.zdb.protocol.DirectBuffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns every socket and the storage, as upstream's epoll loop does:
 * commands run one at a time, in arrival order, with no locks. Slow clients cannot stall it
 * because every socket is non-blocking.
 */
final class EventLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    /** Upstream EVTIMEOUT: idle work (WAIT timeouts, rotation) runs at least this often. */
    private static final long IDLE_MILLIS = 200;

    private final Selector selector;
    private final List<ServerSocketChannel> listeners;
    private final Dispatcher dispatcher;
    private final ClientState.Factory clientFactory;
    private final ServerStats stats;
    private final List<Connection> connections = new ArrayList<>();
    /**
     * Large GET payloads of all this loop's connections. At most 8 MiB of idle ones are kept
     * (an engine reading 4 MiB blocks has a few 1 MiB shards out per server): the desktop app
     * runs six servers in one process, and more would be off-heap memory nobody sees.
     */
    private final DirectBuffers payloads = new DirectBuffers(8L << 20);
    private final List<ClientState> clientStates;
    private final Runnable periodic;
    private volatile boolean running = true;

    EventLoop(Selector selector, List<ServerSocketChannel> listeners, Dispatcher dispatcher,
              ClientState.Factory clientFactory, ServerStats stats, List<ClientState> clientStates,
              Runnable periodic) throws IOException {
        this.selector = selector;
        this.listeners = listeners;
        this.dispatcher = dispatcher;
        this.clientFactory = clientFactory;
        this.stats = stats;
        this.clientStates = clientStates;
        this.periodic = periodic;
        for (ServerSocketChannel l : listeners) {
            l.configureBlocking(false);
            l.register(selector, SelectionKey.OP_ACCEPT);
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        long lastIdle = System.nanoTime();
        while (running) {
            try {
                selector.select(IDLE_MILLIS);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    handle(key);
                }
                long now = System.nanoTime();
                boolean idleDue = now - lastIdle >= IDLE_MILLIS * 1_000_000;
                if (idleDue) {
                    lastIdle = now;
                    expireWaits(now);
                    periodic.run();
                }
                if (dispatcher.takeWakeups() > 0 || idleDue) {
                    flushWoken();
                }
            } catch (IOException | RuntimeException e) {
                // one bad event must not end the loop that serves every client
                log.error("event loop error", e);
            }
        }
        for (Connection c : new ArrayList<>(connections)) {
            c.close();
        }
        connections.clear();
        clientStates.clear();
        for (ServerSocketChannel l : listeners) {
            try {
                l.close();
            } catch (IOException e) {
                log.debug("listener close: {}", e.toString());
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("selector close: {}", e.toString());
        }
    }

    private void handle(SelectionKey key) throws IOException {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            accept((ServerSocketChannel) key.channel());
            return;
        }
        Connection c = (Connection) key.attachment();
        if (key.isReadable()) {
            c.onReadable(dispatcher);
        } else if (key.isWritable()) {
            c.onWritable(dispatcher);
        }
        if (c.isClosed()) {
            forget(c);
        }
    }

    private void accept(ServerSocketChannel listener) throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            ch.configureBlocking(false);
            if (ch.getLocalAddress() instanceof java.net.InetSocketAddress) {
                ch.socket().setTcpNoDelay(true);
                ch.socket().setKeepAlive(true);
            }
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            Connection c = new Connection(ch, key, clientFactory, stats, payloads);
            key.attach(c);
            connections.add(c);
            clientStates.add(c.state());
            stats.clients++;
        }
    }

    private void forget(Connection c) {
        if (c.state().isWatching()) {
            dispatcher.watchEnded();
        }
        connections.remove(c);
        clientStates.remove(c.state());
    }

    private void expireWaits(long now) {
        for (Connection c : connections) {
            if (c.state().expireWatch(now)) {
                dispatcher.watchEnded();
            }
        }
    }

    /** Sends replies that were queued for clients other than the one being served. */
    private void flushWoken() {
        for (Connection c : new ArrayList<>(connections)) {
            c.onWritable(dispatcher);
            if (c.isClosed()) {
                forget(c);
            }
        }
    }
}
