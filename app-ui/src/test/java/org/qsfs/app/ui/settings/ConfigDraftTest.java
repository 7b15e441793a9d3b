package org.qsfs.app.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.qsfs.engine.config.ConfigLoader;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.config.VolumeConfig;

/** Saving settings from the window keeps what the window does not edit. */
class ConfigDraftTest {
    @Test
    void volumeSettingsSurviveARoundTripThroughTheDraft() throws Exception {
        Path home = Path.of("/home/test");
        QsfsConfig loaded = new ConfigLoader(home).load(Path.of("../docs/qsfs.example.toml"))
                .withVolume(new VolumeConfig(true, true, 7, Duration.ofDays(30)));
        QsfsConfig saved = ConfigDraft.of(loaded).toConfig(home);
        assertEquals(loaded.volume(), saved.volume());
        assertEquals(loaded, saved);
    }
}
