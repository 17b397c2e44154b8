package io.selenehsm.firmware.rc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tab-separated tables shipped next to this class. The data is ours and fixed at build
 * time, so any malformed line is a packaging bug and fails class initialisation loudly.
 */
final class CatalogueResource {
  private CatalogueResource() {}

  /** One data line: the resource and line number travel with it so errors can point at it. */
  record Row(String resource, int line, List<String> cells) {
    String cell(int i) {
      return cells.get(i);
    }

    long code(int i) {
      String text = cells.get(i);
      if (!text.startsWith("0x")) {
        throw malformed("code must start with 0x: '" + text + "'");
      }
      try {
        return Long.parseLong(text.substring(2), 16);
      } catch (NumberFormatException e) {
        throw malformed("bad hex code '" + text + "'");
      }
    }

    IllegalStateException malformed(String why) {
      return new IllegalStateException(resource + ", line " + line + ": " + why);
    }
  }

  /** Data lines of {@code resource}, skipping blank lines and {@code #} comments. */
  static List<Row> read(String resource, int columns) {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = CatalogueResource.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing catalogue resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int lineNo = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNo++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        Row row = new Row(resource, lineNo, List.of(line.split("\t", -1)));
        if (row.cells().size() != columns) {
          throw row.malformed("expected " + columns + " columns, found " + row.cells().size());
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read catalogue resource " + resource, e);
    }
    return rows;
  }
}
