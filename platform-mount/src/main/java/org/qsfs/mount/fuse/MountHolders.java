package org.qsfs.mount.fuse;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which processes keep a mount busy: open files, working directories or roots under it (Linux /proc). */
public final class MountHolders {
    private MountHolders() {
    }

    public static List<String> of(Path mountPoint) {
        String mp = mountPoint.toString();
        List<String> out = new ArrayList<>();
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return out;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path pid : pids) {
                String why = busyReason(pid, mp);
                if (why != null) {
                    String id = pid.getFileName().toString();
                    String comm = comm(pid);
                    out.add(id + " (" + comm + (Long.parseLong(id) == self ? ", this process" : "") + "): " + why);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the list only improves the error message
        }
        return out;
    }

    private static String busyReason(Path pid, String mp) {
        if (under(link(pid.resolve("cwd")), mp)) {
            return "working directory";
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
            for (Path fd : fds) {
                String target = link(fd);
                if (under(target, mp)) {
                    return "open file " + target;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or not ours to see
        }
        return null;
    }

    private static boolean under(String target, String mp) {
        return target != null && (target.equals(mp) || target.startsWith(mp.endsWith("/") ? mp : mp + "/"));
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String comm(Path pid) {
        try {
            return Files.readString(pid.resolve("comm")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
