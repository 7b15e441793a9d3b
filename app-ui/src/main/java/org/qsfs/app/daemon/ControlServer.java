package org.qsfs.app.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.qsfs.app.control.ActionResult;
import org.qsfs.app.control.ControlClient;
import org.qsfs.app.control.ControlEndpoint;
import org.qsfs.app.control.LoopbackServer;
import org.qsfs.app.control.LoopbackServer.Reply;
import org.qsfs.app.control.VersionRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control API over loopback HTTP (docs/CONTROL-API.md): GET /v1/status,
 * POST /v1/pause, /v1/resume, /v1/scrub, /v1/shutdown, GET /metrics. Every request needs
 * the token written with the port to the endpoint file (owner-only).
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    private final LoopbackServer server;
    private final Path endpointFile;
    private final ControlEndpoint endpoint;

    private ControlServer(LoopbackServer server, Path endpointFile, ControlEndpoint endpoint) {
        this.server = server;
        this.endpointFile = endpointFile;
        this.endpoint = endpoint;
    }

    /**
     * Starts serving {@code core} and writes the endpoint to {@code endpointFile}.
     *
     * @param config the volume configuration it serves, recorded in the endpoint file
     */
    public static ControlServer start(DaemonCore core, Path endpointFile, String config) throws IOException {
        LoopbackServer s = LoopbackServer.create("qsfs-control");
        s.route("GET", "/v1/status", (m, p, b) -> Reply.json(200, core.status()))
         .route("POST", "/v1/pause", (m, p, b) -> Reply.json(200, core.pause()))
         .route("POST", "/v1/resume", (m, p, b) -> Reply.json(200, core.resume()))
         .route("POST", "/v1/scrub", (m, p, b) -> {
             DaemonCore.Answer a = core.scrub();
             return Reply.json(a.httpStatus(), a.result());
         })
         .route("POST", "/v1/shutdown", (m, p, b) -> Reply.json(202, core.shutdown()))
         .route("POST", "/v1/versions", (m, p, b) -> {
             try {
                 return Reply.json(200, core.versions(request(b).path()));
             } catch (DaemonCore.Refused r) {
                 return refusal(r);
             }
         })
         .route("POST", "/v1/restore-version", (m, p, b) -> {
             DaemonCore.Answer a;
             try {
                 VersionRequest r = request(b);
                 a = core.restoreVersion(r.path(), r.id());
             } catch (DaemonCore.Refused r) {
                 return refusal(r);
             }
             return Reply.json(a.httpStatus(), a.result());
         })
         .route("GET", "/metrics", (m, p, b) -> Reply.text(200, Metrics.CONTENT_TYPE, core.metrics()));
        s.start();
        ControlEndpoint e = s.endpoint(config);
        try {
            e.writeTo(endpointFile);
        } catch (IOException ex) {
            s.close();
            throw new IOException("cannot write the control endpoint file " + endpointFile + ": " + ex.getMessage(),
                    ex);
        }
        log.info("control API on {} (endpoint file {})", e.baseUrl(), endpointFile);
        return new ControlServer(s, endpointFile, e);
    }

    /** A refused request's answer: its status, and why in an {@link ActionResult}. */
    private static Reply refusal(DaemonCore.Refused r) {
        return Reply.json(r.status(), new ActionResult(false, r.getMessage()));
    }

    /** The JSON body of a versions request (an empty body is a request without a path). */
    private static VersionRequest request(byte[] body) throws DaemonCore.Refused {
        if (body.length == 0) {
            return new VersionRequest(null, null);
        }
        try {
            return ControlClient.JSON.readValue(body, VersionRequest.class);
        } catch (java.io.IOException e) {
            throw new DaemonCore.Refused(400, "the body is not {\"path\": ..., \"id\": ...}: " + e.getMessage());
        }
    }

    public ControlEndpoint endpoint() {
        return endpoint;
    }

    /** Stops serving and removes the endpoint file if it is still ours. */
    @Override
    public void close() {
        server.close();
        try {
            ControlEndpoint onDisk = ControlEndpoint.read(endpointFile).orElse(null);
            if (onDisk != null && onDisk.token().equals(endpoint.token())) {
                Files.deleteIfExists(endpointFile);
            }
        } catch (IOException e) {
            log.debug("could not remove {}: {}", endpointFile, e.toString());
        }
    }
}
