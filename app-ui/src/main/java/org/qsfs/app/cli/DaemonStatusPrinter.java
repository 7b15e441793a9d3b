package org.qsfs.app.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.qsfs.app.control.BackendDto;
import org.qsfs.app.control.EventDto;
import org.qsfs.app.control.StatusDto;
import org.qsfs.engine.config.Sizes;

/** Prints a daemon's {@link StatusDto} for people: state, drive, sizes, queue, backends table, recent events. */
final class DaemonStatusPrinter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private final PrintWriter out;

    DaemonStatusPrinter(PrintWriter out) {
        this.out = out;
    }

    void print(StatusDto s) {
        out.println(s.state() + ": " + s.summary());
        out.println("Drive:    " + (s.mountPoint() != null ? "mounted at " + s.mountPoint()
                + (s.mountTransport() != null ? " (requests over " + s.mountTransport() + ")" : "")
                : s.mountProblem() != null ? s.mountProblem() : "not mounted"));
        if (s.mountHint() != null) {
            out.println("          faster: " + s.mountHint());
        }
        out.println("Size:     " + size(s.logicalBytes()) + " of files, " + size(s.storedBytes())
                + " stored on the backends" + String.format(Locale.ROOT, " (x%.2f, k=%d m=%d)", s.overhead(),
                s.dataShards(), s.parityShards()));
        if (s.queue().available()) {
            out.println("Uploads:  " + (s.paused() ? "PAUSED, " : "") + Sizes.human(s.queue().pendingBytes())
                    + " pending in " + s.queue().pendingBlocks() + " blocks, " + Sizes.human((long) s.queue()
                    .bytesPerSecond()) + "/s");
            if (s.queue().problem() != null) {
                out.println("          failing: " + s.queue().problem());
            }
        } else {
            out.println("Uploads:  " + (s.paused() ? "paused" : "no upload queue (no drive mounted)"));
        }
        out.println("Repair:   " + s.activity().repair() + "; scrub: " + s.activity().scrub());
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ROLE", "GROUP", "BACKEND", "STATE", "LATENCY", "USED", "FREE", "ENTRIES"});
        for (BackendDto b : s.backends()) {
            rows.add(new String[] {b.role(), b.group(), b.id(), b.health(),
                b.latencyMs() < 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", b.latencyMs()), size(b.usedBytes()),
                b.freeBytes() < 0 ? "-" : Sizes.human(b.freeBytes()), b.shards() < 0 ? "-" : Long.toString(b.shards())});
        }
        TextTable.print(out, rows, 4);
        for (BackendDto b : s.backends()) {
            if (!b.reason().isEmpty()) {
                out.println(b.id() + ": " + b.reason());
            }
        }
        if (!s.events().isEmpty()) {
            out.println();
            out.println("Recent events:");
            for (EventDto e : s.events().subList(0, Math.min(10, s.events().size()))) {
                out.println("  " + TIME.format(Instant.ofEpochMilli(e.at())) + "  " + e.text());
            }
        }
        out.flush();
    }

    private static String size(long bytes) {
        return bytes < 0 ? "-" : Sizes.human(bytes);
    }
}
