package org.qsfs.app.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedundancyExplainerTest {
    static final List<String> TWO_SITES = List.of("a", "a", "a", "b", "b", "b");

    @Test
    void backendsAndSites() {
        var e = RedundancyExplainer.explain(4, 2, 0, TWO_SITES);
        assertTrue(e.valid());
        assertEquals("Survives 2 lost backends; stores 1.5\u00d7 your data (4 of 6 shards needed to read).", e.text());
        e = RedundancyExplainer.explain(2, 2, 1, List.of("a", "a", "b", "b", "c", "c"));
        assertTrue(e.valid(), e.text());
        assertTrue(e.text().startsWith("Survives 2 lost backends or 1 lost site; stores 2\u00d7"), e.text());
    }

    @Test
    void whatTheBackendsCannotMeet() {
        var e = RedundancyExplainer.explain(4, 3, 0, TWO_SITES);
        assertFalse(e.valid());
        assertTrue(e.text().contains("7 shards need 7 distinct backends"), e.text());
        e = RedundancyExplainer.explain(4, 2, 1, TWO_SITES);
        assertFalse(e.valid());
        e = RedundancyExplainer.explain(4, 2, 2, TWO_SITES);
        assertFalse(e.valid());
        assertTrue(e.text().contains("you have 2 sites"), e.text());
        assertFalse(RedundancyExplainer.explain(4, 2, 0, List.of()).valid());
    }

    @Test
    void noParity() {
        var e = RedundancyExplainer.explain(3, 0, 0, List.of("a", "a", "a"));
        assertTrue(e.valid());
        assertTrue(e.text().startsWith("Does not survive any lost backend; stores 1\u00d7"), e.text());
    }
}
