package org.qsfs.app.control;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.qsfs.app.settings.AtomicWrite;

/**
 * Where a running daemon (or app) listens: a loopback port and the token every request must
 * carry. Written to a file only its owner can read; whoever can read it may control the drive.
 *
 * @param port the loopback TCP port
 * @param token the bearer token
 * @param pid the process id of the daemon
 * @param config the volume configuration it serves (null for the app's own endpoint)
 */
public record ControlEndpoint(int port, String token, long pid, String config) {
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Writes this endpoint to {@code file}, owner-only, atomically. */
    public void writeTo(Path file) throws IOException {
        AtomicWrite.write(file, JSON.writeValueAsBytes(this), true);
    }

    /** The endpoint in {@code file}, empty when there is none (no daemon started yet). */
    public static Optional<ControlEndpoint> read(Path file) throws IOException {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), ControlEndpoint.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + " is not a control endpoint file (" + e.getOriginalMessage()
                    + "); delete it and start the daemon again", e);
        }
    }
}
