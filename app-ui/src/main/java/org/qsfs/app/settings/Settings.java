package org.qsfs.app.settings;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The desktop app's settings as they are stored in settings.json: a plain data class, no
 * behaviour, no JavaFX. The engine's own configuration (backends, k/m, cache) lives in the
 * volume's TOML file named by {@link #volumeConfig}; this file holds what only the app needs.
 *
 * <p>Fields this version does not know (written by a newer version) are kept in
 * {@link #unknown} and written back unchanged. {@link #version} is the format version.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Settings {
    /** The format version this build writes. */
    public static final int CURRENT_VERSION = 1;

    public int version = CURRENT_VERSION;
    /** The volume's TOML configuration; null before the first run. */
    public String volumeConfig;
    /** Where the drive is mounted (path, or drive letter on Windows); null: the default. */
    public String mountPoint;
    /** Start the app (and the drive) when the user logs in. */
    public boolean startAtLogin;
    /** Uploads paused by the user; the daemon is told when it starts. */
    public boolean syncPaused;
    /** Upload limit in bytes per second; 0 is unlimited. */
    public long bandwidthLimit;
    /** The volume is the local demo one ("try it locally"). */
    public boolean demo;
    /** Main window position and size; null: centred, default size. */
    public Window window;

    private final Map<String, JsonNode> unknown = new LinkedHashMap<>();

    /** A window's position and size in screen pixels. */
    public static final class Window {
        public double x;
        public double y;
        public double width;
        public double height;

        public Window() {
        }

        public Window(double x, double y, double width, double height) {
            this.x = x;
            this.y = y;
            this.width = width;
            this.height = height;
        }
    }

    @JsonAnySetter
    void putUnknown(String name, JsonNode value) {
        unknown.put(name, value);
    }

    /** Fields written by another version of QSFS, kept as they were. */
    @JsonAnyGetter
    public Map<String, JsonNode> unknown() {
        return unknown;
    }

    /** Whether the first-run window has been completed (a volume is configured). */
    public boolean configured() {
        return volumeConfig != null;
    }
}
