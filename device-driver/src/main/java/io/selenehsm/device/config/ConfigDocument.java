package io.selenehsm.device.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The file as written: sections in order, each with its entries in order, names as spelled in the
 * file (or canonical, after {@link Schema#canonicalize}). Lines are kept for error messages and
 * take no part in equality, so a rendered and re-parsed document equals the original.
 */
final class ConfigDocument {

  record Entry(String key, String value, int line) {}

  record Section(String name, int line, List<Entry> entries) {
    Section {
      entries = List.copyOf(entries);
    }

    Optional<Entry> entry(String key) {
      return entries.stream().filter(e -> e.key().equalsIgnoreCase(key)).findFirst();
    }
  }

  private final List<Section> sections;

  ConfigDocument(List<Section> sections) {
    this.sections = List.copyOf(sections);
  }

  List<Section> sections() {
    return sections;
  }

  Optional<Section> section(String name) {
    return sections.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
  }

  Optional<String> get(String section, String key) {
    return section(section).flatMap(s -> s.entry(key)).map(Entry::value);
  }

  /** Writes one entry per line; values go out exactly as read, so they parse back unchanged. */
  String render() {
    StringBuilder out = new StringBuilder();
    for (Section section : sections) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(section.name()).append(" = {\n");
      for (Entry e : section.entries()) {
        out.append("  ").append(e.key()).append(" = ").append(e.value()).append(";\n");
      }
      out.append("}\n");
    }
    return out.toString();
  }

  /**
   * Section name to key/value map, all lower-cased names: what equality compares. An empty section
   * says nothing, so it counts as absent.
   */
  private Map<String, Map<String, String>> content() {
    Map<String, Map<String, String>> content = new LinkedHashMap<>();
    for (Section s : sections) {
      if (s.entries().isEmpty()) {
        continue;
      }
      Map<String, String> entries = new LinkedHashMap<>();
      for (Entry e : s.entries()) {
        entries.put(e.key().toLowerCase(Locale.ROOT), e.value());
      }
      content.put(s.name().toLowerCase(Locale.ROOT), entries);
    }
    return content;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigDocument other && content().equals(other.content());
  }

  @Override
  public int hashCode() {
    return content().hashCode();
  }

  /**
   * A copy with {@code key} in {@code section} set to {@code value}: an existing entry keeps its
   * place, a new one goes last, a new section goes last.
   */
  ConfigDocument with(String section, String key, String value) {
    List<Section> next = new ArrayList<>();
    boolean placed = false;
    for (Section s : sections) {
      if (!placed && s.name().equalsIgnoreCase(section)) {
        List<Entry> entries = new ArrayList<>();
        for (Entry e : s.entries()) {
          if (!placed && e.key().equalsIgnoreCase(key)) {
            entries.add(new Entry(e.key(), value, e.line()));
            placed = true;
          } else {
            entries.add(e);
          }
        }
        if (!placed) {
          entries.add(new Entry(key, value, 0));
          placed = true;
        }
        next.add(new Section(s.name(), s.line(), entries));
      } else {
        next.add(s);
      }
    }
    if (!placed) {
      next.add(new Section(section, 0, List.of(new Entry(key, value, 0))));
    }
    return new ConfigDocument(next);
  }

  /** A copy without {@code key} in {@code section}; the section stays, even when empty. */
  ConfigDocument without(String section, String key) {
    List<Section> next = new ArrayList<>();
    for (Section s : sections) {
      if (s.name().equalsIgnoreCase(section)) {
        next.add(
            new Section(
                s.name(),
                s.line(),
                s.entries().stream().filter(e -> !e.key().equalsIgnoreCase(key)).toList()));
      } else {
        next.add(s);
      }
    }
    return new ConfigDocument(next);
  }

  static ConfigDocument empty() {
    return new ConfigDocument(List.of());
  }
}
