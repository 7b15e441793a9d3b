package org.qsfs.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ServiceLoader finds every service; on Linux the direct FUSE protocol is the best, jnr-fuse
 * stays selectable by name, and Dokany says why it cannot run.
 */
class MountServicesTest {
    @Test
    void allServicesAreFoundAndFuseDirectIsBestOnLinux() throws Exception {
        List<String> names = MountServices.all().stream().map(MountService::name).toList();
        assertTrue(names.containsAll(List.of("fuse-direct", "fuse", "dokany")), names.toString());
        assertEquals("fuse-direct", MountServices.best().name());
        assertEquals("fuse-direct", MountServices.choose("auto").name());
        assertEquals("fuse", MountServices.choose("FUSE").name());
        assertEquals("fuse-direct", MountServices.choose("fuse-direct").name());
        assertTrue(MountServices.choose("fuse").capabilities().contains(MountCapability.FORCED_UNMOUNT));
        assertTrue(MountServices.choose("fuse-direct").capabilities().contains(MountCapability.SNAPSHOTS_VIEW));
    }

    @Test
    void unavailableAndUnknownServicesAreRefusedWithTheReason() {
        MountUnavailableException dokany = assertThrows(MountUnavailableException.class,
                () -> MountServices.choose("dokany"));
        assertTrue(dokany.getMessage().contains("Windows"), dokany.getMessage());
        MountUnavailableException unknown = assertThrows(MountUnavailableException.class,
                () -> MountServices.choose("nfs"));
        assertTrue(unknown.getMessage().contains("fuse-direct") && unknown.getMessage().contains("dokany"),
                unknown.getMessage());
        assertFalse(MountServices.all().stream().filter(s -> s.name().equals("dokany")).findFirst().orElseThrow()
                .isAvailableHere());
    }
}
