package org.qsfs.app.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;

/** Waiting in UI tests for something the FX thread does. */
public final class FxWait {
    private FxWait() {
    }

    /**
     * Waits until {@code condition} holds, then until the FX thread has finished what it was
     * doing: the condition may turn true halfway through one of its updates (a property set
     * before the others), and the test's next assertions read the rest.
     */
    public static void until(long seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
