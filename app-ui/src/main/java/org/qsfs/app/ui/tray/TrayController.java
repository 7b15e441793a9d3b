package org.qsfs.app.ui.tray;

import java.awt.AWTException;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.qsfs.app.control.DriveState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray icon (AWT SystemTray) showing a {@link TrayMenuModel}. {@link #install} returns
 * null when this desktop has no tray (a bare X server, some Linux desktops, CI): the app then
 * keeps a normal window and quits when it is closed.
 */
public final class TrayController {
    private static final Logger log = LoggerFactory.getLogger(TrayController.class);

    private final TrayIcon icon;
    private final Consumer<TrayMenuModel.Action> onAction;

    private TrayController(TrayIcon icon, Consumer<TrayMenuModel.Action> onAction) {
        this.icon = icon;
        this.onAction = onAction;
    }

    /** Whether a tray host exists here. */
    public static boolean supported() {
        try {
            return !java.awt.GraphicsEnvironment.isHeadless() && SystemTray.isSupported();
        } catch (RuntimeException | Error e) {
            log.debug("no system tray: {}", e.toString());
            return false;
        }
    }

    /** Adds the icon to the tray; null when there is no tray. Actions are run on the FX thread. */
    public static TrayController install(Consumer<TrayMenuModel.Action> onAction) {
        if (!supported()) {
            log.info("this desktop has no system tray; closing the window quits the app (the drive keeps running)");
            return null;
        }
        TrayIcon icon = new TrayIcon(TrayIcons.image(DriveState.SYNCING, 32), "QSFS");
        icon.setImageAutoSize(true);
        TrayController c = new TrayController(icon, onAction);
        icon.addActionListener(e -> Platform.runLater(() -> onAction.accept(TrayMenuModel.Action.STATUS)));
        try {
            SystemTray.getSystemTray().add(icon);
        } catch (AWTException e) {
            log.info("the system tray refused the icon ({}); keeping a normal window", e.getMessage());
            return null;
        }
        return c;
    }

    /** Shows a new state (any thread). */
    public void show(DriveState state, String summary, boolean mounted, boolean paused, boolean connected) {
        List<TrayMenuModel.Item> items = TrayMenuModel.items(state, mounted, paused, connected);
        java.awt.EventQueue.invokeLater(() -> {
            icon.setImage(TrayIcons.image(state, 32));
            icon.setToolTip(TrayMenuModel.tooltip(state, summary));
            PopupMenu menu = new PopupMenu();
            for (TrayMenuModel.Item it : items) {
                if (it.action() == TrayMenuModel.Action.QUIT || it.action() == TrayMenuModel.Action.STATUS) {
                    menu.addSeparator();
                }
                MenuItem mi = new MenuItem(it.label());
                mi.setEnabled(it.enabled());
                mi.addActionListener(e -> Platform.runLater(() -> onAction.accept(it.action())));
                menu.add(mi);
            }
            icon.setPopupMenu(menu);
        });
    }

    public void remove() {
        java.awt.EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(icon));
    }
}
