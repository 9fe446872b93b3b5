package io.github.forwarder.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A result table, printed as Markdown both on the console and in bench/results/. */
public final class Table {

    private final String title;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Table(String title, String... header) {
        this.title = title;
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(format(cell));
        }
        rows.add(row);
        return this;
    }

    public Table note(String note) {
        notes.add(note);
        return this;
    }

    /** Numbers at a precision a reader can compare: no decimals from 100 up, one below, two below 10. */
    public static String format(Object cell) {
        if (cell instanceof Double d) {
            if (d.isNaN()) {
                return "n/a";
            }
            double abs = Math.abs(d);
            String pattern = abs >= 100 ? "%,.0f" : abs >= 10 ? "%.1f" : "%.2f";
            return String.format(Locale.ROOT, pattern, d);
        }
        if (cell instanceof Integer || cell instanceof Long) {
            return String.format(Locale.ROOT, "%,d", ((Number) cell).longValue());
        }
        return String.valueOf(cell);
    }

    /** A ratio such as 0.22×; small ones keep two significant digits (0.0037×), so they never read as 0.00×. */
    public static String ratio(double ratio) {
        return String.format(Locale.ROOT, Math.abs(ratio) >= 0.1 || ratio == 0 ? "%.2f×" : "%.2g×", ratio);
    }

    public String markdown() {
        StringBuilder out = new StringBuilder("### ").append(title).append("\n\n");
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|").append("---|".repeat(header.size())).append("\n");
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        for (String note : notes) {
            out.append("\n").append(note).append("\n");
        }
        return out.append("\n").toString();
    }
}
