package org.qsfs.mount;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds {@link MountService}s with {@link ServiceLoader} and picks one. */
public final class MountServices {
    private MountServices() {
    }

    /** Every mount service on the class path, available here or not, best first. */
    public static List<MountService> all() {
        List<MountService> list = new ArrayList<>();
        ServiceLoader.load(MountService.class, MountServices.class.getClassLoader()).forEach(list::add);
        list.sort(Comparator.comparingInt(MountService::priority).reversed().thenComparing(MountService::name));
        return list;
    }

    /** The available service with the highest priority. */
    public static MountService best() throws MountUnavailableException {
        List<MountService> all = all();
        for (MountService s : all) {
            if (s.isAvailableHere()) {
                return s;
            }
        }
        throw new MountUnavailableException("no way to mount a drive on " + System.getProperty("os.name") + ": "
                + reasons(all));
    }

    /**
     * The service called {@code name} (case-insensitive) if it is available here; null or
     * blank (or "auto") picks {@link #best()}.
     */
    public static MountService choose(String name) throws MountUnavailableException {
        if (name == null || name.isBlank() || name.equalsIgnoreCase("auto")) {
            return best();
        }
        List<MountService> all = all();
        for (MountService s : all) {
            if (s.name().equalsIgnoreCase(name.trim())) {
                if (!s.isAvailableHere()) {
                    throw new MountUnavailableException("mount service '" + s.name() + "' cannot run here: "
                            + s.unavailableReason());
                }
                return s;
            }
        }
        throw new MountUnavailableException("unknown mount service '" + name + "'; known: "
                + all.stream().map(MountService::name).collect(Collectors.joining(", ")) + " (or auto)");
    }

    private static String reasons(List<MountService> all) {
        if (all.isEmpty()) {
            return "no mount service on the class path (platform-mount missing?)";
        }
        return all.stream().map(s -> s.name() + ": " + s.unavailableReason()).collect(Collectors.joining("; "));
    }

    /** The running OS family: "linux", "mac", "windows" or "other". */
    public static String osFamily() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return "linux";
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return "mac";
        }
        if (os.contains("windows")) {
            return "windows";
        }
        return "other";
    }
}
