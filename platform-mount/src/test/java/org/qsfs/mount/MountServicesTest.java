package org.qsfs.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ServiceLoader finds both services; on Linux FUSE is the best and Dokany says why it cannot run. */
class MountServicesTest {
    @Test
    void bothServicesAreFoundAndFuseIsBestOnLinux() throws Exception {
        List<String> names = MountServices.all().stream().map(MountService::name).toList();
        assertTrue(names.containsAll(List.of("fuse", "dokany")), names.toString());
        assertEquals("fuse", MountServices.best().name());
        assertEquals("fuse", MountServices.choose("auto").name());
        assertEquals("fuse", MountServices.choose("FUSE").name());
        assertTrue(MountServices.choose("fuse").capabilities().contains(MountCapability.FORCED_UNMOUNT));
    }

    @Test
    void unavailableAndUnknownServicesAreRefusedWithTheReason() {
        MountUnavailableException dokany = assertThrows(MountUnavailableException.class,
                () -> MountServices.choose("dokany"));
        assertTrue(dokany.getMessage().contains("Windows"), dokany.getMessage());
        MountUnavailableException unknown = assertThrows(MountUnavailableException.class,
                () -> MountServices.choose("nfs"));
        assertTrue(unknown.getMessage().contains("fuse, dokany") || unknown.getMessage().contains("dokany, fuse"),
                unknown.getMessage());
        assertFalse(MountServices.all().stream().filter(s -> s.name().equals("dokany")).findFirst().orElseThrow()
                .isAvailableHere());
    }
}
