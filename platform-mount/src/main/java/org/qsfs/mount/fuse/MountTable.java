package org.qsfs.mount.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mounts of this machine as Linux lists them in {@code /proc/self/mountinfo}. */
public final class MountTable {

    /** One mount: where, its filesystem type ("fuse.qsfs"), its source, and its device ("0:53"). */
    public record Entry(String mountPoint, String fsType, String source, String device) {
        public boolean isFuse() {
            return fsType.equals("fuse") || fsType.startsWith("fuse.") || fsType.equals("fuseblk");
        }

        /** The FUSE connection number under /sys/fs/fuse/connections (the device's minor number). */
        public String connection() {
            return device.substring(device.indexOf(':') + 1);
        }
    }

    private MountTable() {
    }

    public static List<Entry> read() throws IOException {
        Path mi = Path.of("/proc/self/mountinfo");
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(mi)) {
            return out;
        }
        for (String line : Files.readAllLines(mi)) {
            // id parent major:minor root mountpoint options [optional...] - fstype source superopts
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 7 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            out.add(new Entry(unescape(f[4]), f[dash + 1], unescape(f[dash + 2]), f[2]));
        }
        return out;
    }

    /** The FUSE mount at {@code mountPoint}, if the table shows one (none either when it cannot be read). */
    public static Optional<Entry> fuseAt(Path mountPoint) {
        try {
            return at(mountPoint).filter(Entry::isFuse);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The last (topmost) mount at exactly {@code mountPoint}. */
    public static Optional<Entry> at(Path mountPoint) throws IOException {
        String p = mountPoint.toString();
        Entry found = null;
        for (Entry e : read()) {
            if (e.mountPoint.equals(p)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /** mountinfo writes space, tab, newline and backslash as \ooo octal escapes. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                byte[] raw = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        b.append(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
