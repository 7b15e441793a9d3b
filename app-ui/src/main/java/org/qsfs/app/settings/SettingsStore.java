package org.qsfs.app.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link Settings} as JSON. Writes go to a temporary file in the same
 * directory, are flushed to disk, then renamed over the old file, so a crash leaves either
 * the old or the new settings, never half of them. A file that cannot be read is moved
 * aside (settings.json.broken) and defaults are used, so the app always starts.
 */
public final class SettingsStore {
    private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public SettingsStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The settings on disk; defaults when there is no file (or it is unreadable, moved aside). */
    public Settings load() {
        try {
            byte[] bytes = Files.readAllBytes(file);
            Settings s = JSON.readValue(bytes, Settings.class);
            if (s.version > Settings.CURRENT_VERSION) {
                log.warn("{} was written by a newer QSFS (format {}); fields this version does not know are kept",
                        file, s.version);
            }
            return s;
        } catch (NoSuchFileException e) {
            return new Settings();
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".broken");
            log.warn("{} cannot be read ({}); moved it to {} and starting with default settings", file,
                    e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                log.warn("could not move {} aside: {}", file, moveFailed.toString());
            }
            return new Settings();
        }
    }

    /** Writes {@code s} atomically (temporary file, fsync, rename). */
    public void save(Settings s) throws IOException {
        byte[] bytes;
        try {
            s.version = Math.max(s.version, Settings.CURRENT_VERSION);
            bytes = JSON.writeValueAsBytes(s);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot encode settings: " + e.getMessage(), e);
        }
        AtomicWrite.write(file, bytes, false);
    }
}
