package org.qsfs.app.control;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The app's and the CLI's side of the daemon's control API (docs/CONTROL-API.md), over
 * OkHttp. Thread-safe; one per endpoint.
 */
public final class ControlClient {
    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final ControlEndpoint endpoint;
    private final OkHttpClient http;

    public ControlClient(ControlEndpoint endpoint) {
        this(endpoint, Duration.ofSeconds(10));
    }

    public ControlClient(ControlEndpoint endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2)).readTimeout(timeout)
                .callTimeout(timeout.plusSeconds(2)).retryOnConnectionFailure(false).build();
    }

    /** A client for the daemon whose endpoint file is {@code file}; fails when no daemon was started. */
    public static ControlClient forFile(Path file) throws ControlException {
        try {
            return new ControlClient(ControlEndpoint.read(file).orElseThrow(() -> new ControlException(
                    "no qsfs daemon is running (no " + file + "); start one with `qsfs mount` or open the QSFS app",
                    -1)));
        } catch (ControlException e) {
            throw e;
        } catch (IOException e) {
            throw new ControlException(e.getMessage(), e);
        }
    }

    public ControlEndpoint endpoint() {
        return endpoint;
    }

    public StatusDto status() throws ControlException {
        return get("/v1/status", StatusDto.class);
    }

    public ActionResult pause() throws ControlException {
        return post("/v1/pause", ActionResult.class);
    }

    public ActionResult resume() throws ControlException {
        return post("/v1/resume", ActionResult.class);
    }

    public ActionResult scrub() throws ControlException {
        return post("/v1/scrub", ActionResult.class);
    }

    /** Asks the daemon to unmount and exit. */
    public ActionResult shutdown() throws ControlException {
        return post("/v1/shutdown", ActionResult.class);
    }

    /** Prometheus text exposition. */
    public String metrics() throws ControlException {
        return text(new Request.Builder().url(endpoint.baseUrl() + "/metrics").get());
    }

    /** The contents the drive keeps for {@code path}, oldest first, the current one last. */
    public VersionsDto versions(String path) throws ControlException {
        return post("/v1/versions", new VersionRequest(path, null), VersionsDto.class);
    }

    /** Makes version {@code id} (as {@link #versions} lists it) the content of {@code path} again. */
    public ActionResult restoreVersion(String path, String id) throws ControlException {
        return post("/v1/restore-version", new VersionRequest(path, id), ActionResult.class);
    }

    public <T> T post(String path, Object body, Class<T> type) throws ControlException {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new ControlException("cannot encode the request: " + e.getMessage(), e);
        }
        return json(new Request.Builder().url(endpoint.baseUrl() + path).post(RequestBody.create(json, JSON_TYPE)),
                type);
    }

    public <T> T get(String path, Class<T> type) throws ControlException {
        return json(new Request.Builder().url(endpoint.baseUrl() + path).get(), type);
    }

    public <T> T post(String path, Class<T> type) throws ControlException {
        return json(new Request.Builder().url(endpoint.baseUrl() + path).post(RequestBody.create(new byte[0],
                JSON_TYPE)), type);
    }

    private <T> T json(Request.Builder request, Class<T> type) throws ControlException {
        String body = text(request);
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new ControlException("the daemon answered something that is not " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    private String text(Request.Builder request) throws ControlException {
        Request r = request.header("Authorization", "Bearer " + endpoint.token()).build();
        try (Response response = http.newCall(r).execute()) {
            ResponseBody b = response.body();
            String body = b == null ? "" : b.string();
            if (response.code() == 401) {
                throw new ControlException("the daemon refused the token in its endpoint file; it was probably"
                        + " restarted: try again", 401);
            }
            if (!response.isSuccessful()) {
                String message = body;
                try {
                    message = JSON.readValue(body, ActionResult.class).message();
                } catch (IOException notJson) {
                    // plain text error
                }
                throw new ControlException("the daemon answered " + response.code() + ": " + message, response.code());
            }
            return body;
        } catch (ControlException e) {
            throw e;
        } catch (IOException e) {
            throw new ControlException("no qsfs daemon answers on " + endpoint.baseUrl() + " (" + e.getMessage()
                    + "); start one with `qsfs mount` or open the QSFS app", e);
        }
    }
}
