package org.qsfs.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
    @TempDir
    Path dir;

    @Test
    void missingFileGivesDefaults() {
        Settings s = new SettingsStore(dir.resolve("settings.json")).load();
        assertEquals(Settings.CURRENT_VERSION, s.version);
        assertFalse(s.configured());
        assertNull(s.mountPoint);
    }

    @Test
    void roundTripThroughANewStore() throws Exception {
        Path f = dir.resolve("qsfs/settings.json");
        Settings s = new Settings();
        s.volumeConfig = "/etc/qsfs.toml";
        s.mountPoint = "/home/me/QSFS";
        s.startAtLogin = true;
        s.syncPaused = true;
        s.bandwidthLimit = 10 << 20;
        s.window = new Settings.Window(10, 20, 800, 600);
        new SettingsStore(f).save(s);
        Settings back = new SettingsStore(f).load();
        assertEquals("/etc/qsfs.toml", back.volumeConfig);
        assertEquals("/home/me/QSFS", back.mountPoint);
        assertTrue(back.startAtLogin);
        assertTrue(back.syncPaused);
        assertEquals(10 << 20, back.bandwidthLimit);
        assertEquals(800, back.window.width);
        try (var files = Files.list(f.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void fieldsOfANewerVersionAreKept() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, """
                {"version": 7, "mountPoint": "/m", "futureThing": {"a": [1, 2]}, "theme": "dark"}
                """);
        SettingsStore store = new SettingsStore(f);
        Settings s = store.load();
        assertEquals(7, s.version);
        assertEquals("/m", s.mountPoint);
        s.startAtLogin = true;
        store.save(s);
        String text = Files.readString(f);
        assertTrue(text.contains("\"futureThing\""), text);
        assertTrue(text.contains("\"theme\" : \"dark\""), text);
        assertTrue(text.contains("\"version\" : 7"), text);
        Settings again = store.load();
        assertTrue(again.startAtLogin);
        assertEquals("[1,2]", again.unknown().get("futureThing").get("a").toString());
    }

    @Test
    void anUnreadableFileIsMovedAsideAndDefaultsUsed() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, "{ not json");
        Settings s = new SettingsStore(f).load();
        assertFalse(s.configured());
        assertTrue(Files.exists(dir.resolve("settings.json.broken")));
        assertFalse(Files.exists(f));
    }

    @Test
    void configDirectoriesPerOs() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/home/u/.config/qsfs"), AppDirs.of("Linux", home, Map.of()).config());
        assertEquals(Path.of("/x/qsfs"), AppDirs.of("Linux", home, Map.of("XDG_CONFIG_HOME", "/x")).config());
        assertEquals(Path.of("/home/u/.local/share/qsfs/demo"), AppDirs.of("Linux", home, Map.of()).demoDir());
        assertEquals(Path.of("/home/u/Library/Application Support/QSFS"), AppDirs.of("Mac OS X", home, Map.of())
                .config());
        assertEquals(Path.of("C:/Users/u/AppData/Roaming/QSFS"), AppDirs.of("Windows 11", home,
                Map.of("APPDATA", "C:/Users/u/AppData/Roaming")).config());
    }
}
