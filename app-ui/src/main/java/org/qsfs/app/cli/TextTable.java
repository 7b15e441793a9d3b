package org.qsfs.app.cli;

import java.io.PrintWriter;
import java.util.List;

/** Rows of text as aligned columns for the terminal: each as wide as its widest cell, two spaces apart. */
final class TextTable {
    private TextTable() {
    }

    /** Prints {@code rows} (the heading first); columns from {@code firstNumeric} on are right-aligned. */
    static void print(PrintWriter out, List<String[]> rows, int firstNumeric) {
        int[] w = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                w[c] = Math.max(w[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String pad = " ".repeat(w[c] - row[c].length());
                sb.append(c >= firstNumeric ? pad + row[c] : row[c] + pad).append(c + 1 < row.length ? "  " : "");
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
