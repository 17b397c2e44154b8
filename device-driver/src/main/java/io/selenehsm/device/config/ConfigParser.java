package io.selenehsm.device.config;

import io.selenehsm.device.config.ConfigDocument.Entry;
import io.selenehsm.device.config.ConfigDocument.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the Chrystoki-style syntax: {@code Name = { Key = value; ... }}. Whitespace, including line
 * breaks, is free between tokens (the vendor's own files put several entries, and the closing
 * brace, on one line), but a value must end with {@code ;} on the line where it starts. A {@code #}
 * where a section or key is expected starts a comment to the end of the line; inside a value it is
 * an ordinary character, because Windows and Unix paths may contain one.
 *
 * <p>This class checks syntax only; {@link Schema} decides which names are known and unique.
 */
final class ConfigParser {
  private final String text;
  private final String source;
  private int pos;
  private int line = 1;

  private ConfigParser(String text, String source) {
    // Editors on Windows may start a UTF-8 file with a byte-order mark; it is not part of a name.
    this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    this.source = source;
  }

  static ConfigDocument parse(String text, String source) throws ConfigException {
    return new ConfigParser(text, source).document();
  }

  private ConfigDocument document() throws ConfigException {
    List<Section> sections = new ArrayList<>();
    while (skipBlank()) {
      char c = text.charAt(pos);
      if (c == '}') {
        throw error(line, "unbalanced braces: '}' closes no open section");
      }
      int headerLine = line;
      String name = nameBeforeEquals("section name", "expected a section header 'Name = {'");
      if (!skipBlank() || text.charAt(pos) != '{') {
        throw error(line, "expected '{' after '" + name + " ='");
      }
      pos++;
      sections.add(new Section(name, headerLine, entries(name, headerLine)));
    }
    return new ConfigDocument(sections);
  }

  private List<Entry> entries(String section, int openLine) throws ConfigException {
    List<Entry> entries = new ArrayList<>();
    while (true) {
      if (!skipBlank()) {
        throw error(
            openLine, "unbalanced braces: section " + section + " is never closed with '}'");
      }
      char c = text.charAt(pos);
      if (c == '}') {
        pos++;
        return entries;
      }
      int keyLine = line;
      String key = nameBeforeEquals("key", "expected 'Key = value;' in section " + section);
      String value = valueBeforeSemicolon(section, key);
      entries.add(new Entry(key, value, keyLine));
    }
  }

  /** Reads a name up to {@code =} on the current line and consumes the {@code =}. */
  private String nameBeforeEquals(String what, String expected) throws ConfigException {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '=') {
        String name = text.substring(start, pos).strip();
        pos++;
        if (name.isEmpty()) {
          throw error(line, "missing " + what + " before '='");
        }
        return name;
      }
      if (c == '\n' || c == '{' || c == '}' || c == ';' || c == '#') {
        break;
      }
      pos++;
    }
    String found = text.substring(start, pos).strip();
    throw error(line, expected + (found.isEmpty() ? "" : " but found '" + found + "'"));
  }

  /** Reads a value up to {@code ;} on the current line and consumes the {@code ;}. */
  private String valueBeforeSemicolon(String section, String key) throws ConfigException {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) != ';' && text.charAt(pos) != '\n') {
      pos++;
    }
    String value = text.substring(start, pos).strip();
    if (pos == text.length() || text.charAt(pos) == '\n') {
      if (value.equals("{")) {
        throw error(
            line,
            "unbalanced braces: section "
                + key
                + " opens inside section "
                + section
                + ", which needs its '}' first");
      }
      throw error(line, "missing ';' after the value of " + section + "." + key);
    }
    pos++;
    if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0) {
      throw error(line, "unbalanced braces: brace inside the value of " + section + "." + key);
    }
    if (value.isEmpty()) {
      throw error(line, "missing value for " + section + "." + key);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\t') {
        throw error(
            line,
            String.format(
                Locale.ROOT,
                "control character U+%04X in the value of %s.%s",
                (int) c,
                section,
                key));
      }
    }
    return value;
  }

  /** Skips whitespace and comments; returns false at the end of the text. */
  private boolean skipBlank() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
        pos++;
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else {
        return true;
      }
    }
    return false;
  }

  private ConfigException error(int atLine, String problem) {
    return new ConfigException(source, atLine, problem);
  }
}
