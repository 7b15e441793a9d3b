package org.qsfs.engine.fs;

import java.util.Arrays;

/**
 * Who asks: the calling process's uid, gid and supplementary groups (from the FUSE
 * context). Permission checks follow POSIX; uid 0 passes every check but execute, which
 * needs one x bit.
 */
public record Caller(int uid, int gid, int[] groups) {
    /** The superuser. */
    public static final Caller ROOT = new Caller(0, 0, new int[0]);

    public Caller {
        groups = groups == null ? new int[0] : groups.clone();
    }

    public static Caller of(int uid, int gid) {
        return new Caller(uid, gid, new int[0]);
    }

    public boolean isRoot() {
        return uid == 0;
    }

    public boolean inGroup(int g) {
        if (g == gid) {
            return true;
        }
        for (int x : groups) {
            if (x == g) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Caller c && c.uid == uid && c.gid == gid && Arrays.equals(c.groups, groups);
    }

    @Override
    public int hashCode() {
        return uid * 31 + gid;
    }

    @Override
    public String toString() {
        return "Caller[uid=" + Integer.toUnsignedString(uid) + ", gid=" + Integer.toUnsignedString(gid) + "]";
    }
}
