package org.qsfs.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void rendersAndStaysSilentWhenDisabled() {
        StringWriter sw = new StringWriter();
        try (ProgressBar off = new ProgressBar(new PrintWriter(sw), false, "store", 100)) {
            off.update(50);
            assertEquals(50, off.done());
        }
        assertEquals("", sw.toString());

        ProgressBar bar = new ProgressBar(new PrintWriter(sw), true, "store", 4L << 20);
        bar.update(1L << 20);
        String line = bar.render(System.nanoTime());
        assertTrue(line.startsWith("store  [######..................]  25%  1 MiB / 4 MiB  "), line);
        bar.close();
        assertTrue(sw.toString().startsWith("\rstore  [######"), sw.toString());
        assertTrue(sw.toString().endsWith(System.lineSeparator()), sw.toString());
    }
}
