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
}
