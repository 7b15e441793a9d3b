package org.qsfs.app.ui;

import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.qsfs.app.settings.AppDirs;

/** The desktop app's JavaFX entry point ({@code qsfs app}); the work is in {@link AppController}. */
public final class QsfsApp extends Application {
    private static volatile SingleInstance instance;
    private static volatile AppController controller;

    /** Becomes the one instance (or brings the running one to front and returns), then runs the app. */
    public static void launchApp() throws Exception {
        AppDirs dirs = AppDirs.current();
        Optional<SingleInstance> me = SingleInstance.acquire(dirs.appLockFile(), dirs.appEndpointFile(),
                () -> Platform.runLater(() -> {
                    AppController c = controller;
                    if (c != null) {
                        c.toFront();
                    }
                }));
        if (me.isEmpty()) {
            System.err.println("QSFS is already open; brought its window to front.");
            return;
        }
        instance = me.get();
        try {
            Application.launch(QsfsApp.class);
        } finally {
            instance.close();
        }
    }

    @Override
    public void start(Stage stage) {
        controller = new AppController(AppDirs.current(), stage);
        controller.start();
    }

    @Override
    public void stop() {
        AppController c = controller;
        if (c != null) {
            c.stop();
        }
    }
}
