package org.qsfs.app.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server on the loopback interface, on a random port, that answers only
 * requests carrying its random token ({@code Authorization: Bearer TOKEN}); anything else
 * gets 401 and no detail. Used by the daemon's control API and by the desktop app's
 * single-instance endpoint. The JDK's HttpServer: no extra dependency.
 */
public final class LoopbackServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoopbackServer.class);

    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(String method, String path, byte[] body) throws Exception;
    }

    /** An answer: status, content type and body. */
    public record Reply(int status, String contentType, byte[] body) {
        public static Reply json(int status, Object value) {
            try {
                return new Reply(status, "application/json", ControlClient.JSON.writeValueAsBytes(value));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public static Reply text(int status, String contentType, String text) {
            return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply error(int status, String message) {
            return json(status, new ActionResult(false, message));
        }
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final byte[] token;
    private final String tokenText;
    private final Map<String, Handler> routes = new LinkedHashMap<>();

    private LoopbackServer(HttpServer server, String token, String name) {
        this.server = server;
        this.tokenText = token;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::dispatch);
    }

    /** Binds 127.0.0.1 on a free port with a new random token; add routes, then {@link #start()}. */
    public static LoopbackServer create(String threadName) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        return new LoopbackServer(s, newToken(), threadName);
    }

    /** 256 random bits, base64url. */
    public static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Routes {@code METHOD /path} (exact) to {@code handler}. */
    public LoopbackServer route(String method, String path, Handler handler) {
        routes.put(method + " " + path, handler);
        return this;
    }

    public LoopbackServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String token() {
        return tokenText;
    }

    /** The endpoint to write to the endpoint file. */
    public ControlEndpoint endpoint(String config) {
        return new ControlEndpoint(port(), tokenText, ProcessHandle.current().pid(), config);
    }

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            Reply reply;
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), token)) {
                reply = Reply.error(401, "missing or wrong token: read it from the daemon's endpoint file");
            } else {
                reply = route(ex);
            }
            ex.getResponseHeaders().set("Content-Type", reply.contentType());
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        }
    }

    private Reply route(HttpExchange ex) {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        Handler h = routes.get(method + " " + path);
        if (h == null) {
            boolean otherMethod = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + path));
            return otherMethod ? Reply.error(405, method + " is not allowed on " + path)
                    : Reply.error(404, "no such endpoint: " + path + " (see docs/CONTROL-API.md)");
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(1 << 20);
            return h.handle(method, path, body);
        } catch (Exception e) {
            log.warn("control request {} {} failed", method, path, e);
            return Reply.error(500, "internal error: " + e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
