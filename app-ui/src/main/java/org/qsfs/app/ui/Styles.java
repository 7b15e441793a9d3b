package org.qsfs.app.ui;

import javafx.scene.Scene;

/** The one stylesheet every window uses (qsfs.css). */
public final class Styles {
    private Styles() {
    }

    public static Scene apply(Scene scene) {
        scene.getStylesheets().add(Styles.class.getResource("qsfs.css").toExternalForm());
        return scene;
    }

    /** The app icon in every size there is, for a window's title bar and the task switcher. */
    public static void icons(javafx.stage.Stage stage) {
        for (int size : new int[] {16, 24, 32, 48, 64, 128, 256}) {
            var url = Styles.class.getResource("/org/qsfs/app/icons/qsfs-" + size + ".png");
            if (url != null) {
                stage.getIcons().add(new javafx.scene.image.Image(url.toExternalForm()));
            }
        }
    }
}
