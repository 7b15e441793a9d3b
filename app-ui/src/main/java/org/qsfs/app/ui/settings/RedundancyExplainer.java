package org.qsfs.app.ui.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.qsfs.engine.placement.Backend;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.placement.PlacementException;
import org.qsfs.engine.placement.PlacementPolicy;

/**
 * What a choice of k, m and lost sites means, in one sentence: "Survives 2 lost backends or 1
 * lost site; stores 1.5× your data." Or why the configured backends cannot keep it. Pure.
 */
public final class RedundancyExplainer {
    /** The sentence, and whether the backends can keep the promise. */
    public record Explanation(boolean valid, String text) {
    }

    private RedundancyExplainer() {
    }

    /**
     * @param sites the site of every data backend (one entry per backend)
     */
    public static Explanation explain(int k, int m, int lostSites, Collection<String> sites) {
        if (k < 1) {
            return new Explanation(false, "k must be at least 1.");
        }
        if (m < 0 || lostSites < 0) {
            return new Explanation(false, "m and the sites that may be lost cannot be negative.");
        }
        PlacementPolicy policy;
        try {
            policy = new PlacementPolicy(k, m, lostSites);
        } catch (IllegalArgumentException e) {
            return new Explanation(false, capitalise(e.getMessage()) + ".");
        }
        List<Backend> backends = new ArrayList<>();
        int i = 0;
        for (String s : sites) {
            backends.add(new Backend("b" + i++, s, Long.MAX_VALUE, Health.HEALTHY));
        }
        long distinctSites = sites.stream().distinct().count();
        if (lostSites > 0 && lostSites >= distinctSites) {
            return new Explanation(false, "Surviving " + plural(lostSites, "lost site") + " needs more than "
                    + plural(lostSites, "site") + "; you have " + plural(distinctSites, "site") + ". Add a site or"
                    + " lower the number of sites that may be lost.");
        }
        try {
            policy.validate(backends);
        } catch (PlacementException e) {
            return new Explanation(false, capitalise(e.getMessage()) + ".");
        }
        String survives = m == 0 ? "Does not survive any lost backend" : "Survives " + plural(m, "lost backend");
        if (lostSites > 0) {
            survives += " or " + plural(lostSites, "lost site");
        }
        String stores = String.format(Locale.ROOT, "%.2f", (double) (k + m) / k).replaceAll("0+$", "")
                .replaceAll("\\.$", "");
        return new Explanation(true, survives + "; stores " + stores + "\u00d7 your data (" + k + " of " + (k + m)
                + " shards needed to read).");
    }

    private static String plural(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
