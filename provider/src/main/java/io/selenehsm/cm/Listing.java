package io.selenehsm.cm;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Plain-text layouts for the shell's reports: aligned fields and simple tables. */
final class Listing {
  private Listing() {}

  /** Prints {@code name : value} lines with the names padded to one width. */
  static final class Fields {
    private final List<String[]> rows = new ArrayList<>();
    private final String indent;

    Fields(String indent) {
      this.indent = indent;
    }

    Fields add(String name, Object value) {
      rows.add(new String[] {name, value == null ? "" : String.valueOf(value)});
      return this;
    }

    void print(PrintStream out) {
      int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
      for (String[] r : rows) {
        out.println(indent + pad(r[0], width) + " : " + r[1]);
      }
    }
  }

  /** Prints rows under a header, each column as wide as its widest cell. */
  static final class Table {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
      this.header = header;
    }

    Table add(Object... cells) {
      String[] r = new String[header.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "";
      }
      rows.add(r);
      return this;
    }

    boolean isEmpty() {
      return rows.isEmpty();
    }

    void print(PrintStream out) {
      int[] w = new int[header.length];
      for (int i = 0; i < w.length; i++) {
        w[i] = header[i].length();
        for (String[] r : rows) {
          w[i] = Math.max(w[i], r[i].length());
        }
      }
      out.println(line(header, w));
      String[] rule = new String[w.length];
      for (int i = 0; i < w.length; i++) {
        rule[i] = "-".repeat(w[i]);
      }
      out.println(line(rule, w));
      for (String[] r : rows) {
        out.println(line(r, w));
      }
    }

    private static String line(String[] cells, int[] w) {
      StringBuilder sb = new StringBuilder("  ");
      for (int i = 0; i < cells.length; i++) {
        sb.append(i == cells.length - 1 ? cells[i] : pad(cells[i], w[i]) + "  ");
      }
      return sb.toString().stripTrailing();
    }
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  static String bytes(long n) {
    return String.format(java.util.Locale.ROOT, "%,d bytes", n);
  }
}
