package org.qsfs.mount;

import java.util.function.Supplier;

/**
 * Why a mount service cannot run here: probed on first use and then remembered (a probe
 * loads native libraries and looks for tools, which need not be repeated on every call).
 */
public final class AvailabilityProbe {
    private final Supplier<String> probe;
    private volatile String reason;

    /** @param probe returns why the service cannot run here, with what to install; empty when it can */
    public AvailabilityProbe(Supplier<String> probe) {
        this.probe = probe;
    }

    /** See {@link MountService#unavailableReason()}. */
    public String reason() {
        String r = reason;
        if (r == null) {
            r = probe.get();
            reason = r;
        }
        return r;
    }

    /** Throws, naming {@code what} would have mounted, unless the service can run here. */
    public void require(String what) throws MountUnavailableException {
        if (!reason().isEmpty()) {
            throw new MountUnavailableException("cannot mount with " + what + ": " + reason());
        }
    }
}
