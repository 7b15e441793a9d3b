package org.qsfs.app.ui.settings;

import java.nio.file.Path;
import java.time.Duration;
import org.qsfs.app.settings.Settings;
import org.qsfs.app.settings.SettingsStore;

/**
 * What the settings window edits and where it saves.
 *
 * @param home the user's home (relative and ~ paths)
 * @param volumeConfig the engine's TOML file (written on save)
 * @param store the app's settings.json
 * @param settings the app's settings (edited in place on save only)
 * @param draft the engine configuration being edited
 * @param probeTimeout how long a backend test may take
 */
public record SettingsContext(Path home, Path volumeConfig, SettingsStore store, Settings settings, ConfigDraft draft,
                              Duration probeTimeout) {
}
