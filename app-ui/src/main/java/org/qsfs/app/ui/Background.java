package org.qsfs.app.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;

/** Runs slow work (network, Argon2) off the FX thread and hands the result back on it. */
public final class Background {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "qsfs-ui-work");
        t.setDaemon(true);
        return t;
    });

    private Background() {
    }

    public static <T> void run(Callable<T> work, Consumer<T> done, Consumer<Exception> failed) {
        POOL.submit(() -> {
            try {
                T v = work.call();
                Platform.runLater(() -> done.accept(v));
            } catch (Exception e) {
                Platform.runLater(() -> failed.accept(e));
            }
        });
    }
}
