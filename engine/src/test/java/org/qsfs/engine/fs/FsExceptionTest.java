package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Answers (ENOENT, ...) skip the stack walk; failures keep the stack that says where they came from. */
class FsExceptionTest {
    @Test
    void answersCarryNoStackFailuresDo() {
        FsException miss = new FsException(Errno.ENOENT, "no entry 'x'");
        assertEquals(0, miss.getStackTrace().length);
        assertEquals("ENOENT: no entry 'x'", miss.getMessage());

        Exception cause = new IllegalStateException("disk");
        FsException failure = new FsException(Errno.EIO, "volume database: disk", cause);
        assertSame(cause, failure.getCause());
        assertTrue(Arrays.stream(failure.getStackTrace())
                .anyMatch(f -> f.getMethodName().equals("answersCarryNoStackFailuresDo")), "the failure's origin");
        assertTrue(new FsException(Errno.ENOSPC, "full").getStackTrace().length > 0);
    }
}
