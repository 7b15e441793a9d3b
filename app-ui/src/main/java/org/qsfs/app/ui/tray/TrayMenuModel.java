package org.qsfs.app.ui.tray;

import java.util.List;
import org.qsfs.app.control.DriveState;

/**
 * What the tray shows for a drive state, independent of any tray host: the icon state, the
 * tooltip and the menu items (open drive, pause/resume sync, status, settings, quit). The
 * AWT tray ({@link TrayController}) renders it; tests check it without a tray.
 */
public final class TrayMenuModel {
    /** The actions behind the menu items. */
    public enum Action { OPEN_DRIVE, PAUSE, RESUME, STATUS, SETTINGS, QUIT }

    /** One menu item. */
    public record Item(String label, Action action, boolean enabled) {
    }

    private TrayMenuModel() {
    }

    /**
     * @param state the drive's state
     * @param summary its summary in plain words
     * @param mounted whether the drive is mounted (open drive needs it)
     * @param paused whether uploads are paused (the item toggles)
     * @param connected whether the daemon answers
     */
    public static List<Item> items(DriveState state, boolean mounted, boolean paused, boolean connected) {
        return List.of(
                new Item("Open drive", Action.OPEN_DRIVE, mounted),
                paused ? new Item("Resume sync", Action.RESUME, connected) : new Item("Pause sync", Action.PAUSE,
                        connected),
                new Item("Status: " + label(state), Action.STATUS, true),
                new Item("Settings...", Action.SETTINGS, true),
                new Item("Quit QSFS", Action.QUIT, true));
    }

    public static String tooltip(DriveState state, String summary) {
        return "QSFS \u2014 " + label(state) + (summary == null || summary.isEmpty() ? "" : ": " + summary);
    }

    public static String label(DriveState s) {
        return switch (s) {
            case OK -> "all data safe";
            case SYNCING -> "syncing";
            case DEGRADED -> "degraded";
            case ERROR -> "error";
        };
    }
}
