package org.qsfs.zdb.hooks;

import java.util.List;

/** The disabled hook runner. */
final class NoHooks implements Hooks {
    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public void fire(String event, String... args) {
    }

    @Override
    public int fireAndWait(String event, String... args) {
        return 1;
    }

    @Override
    public int pending() {
        return 0;
    }

    @Override
    public List<Execution> executions() {
        return List.of();
    }

    @Override
    public String toString() {
        return "Hooks.NONE";
    }
}
