package io.selenehsm.device.config;

import io.selenehsm.device.config.ConfigDocument.Entry;
import io.selenehsm.device.config.ConfigDocument.Section;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Typed reads of one section's values, applying defaults for absent keys and turning a bad value
 * into a {@link ConfigException} that names the line, the key and the rule it broke.
 */
final class SectionReader {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Map<String, Boolean> BOOLEANS =
      Map.of("0", false, "1", true, "false", false, "true", true, "no", false, "yes", true);

  private final String source;
  private final String sectionName;
  private final Optional<Section> section;

  SectionReader(String source, ConfigDocument document, String sectionName) {
    this.source = source;
    this.sectionName = sectionName;
    this.section = document.section(sectionName);
  }

  Optional<Entry> entry(String key) {
    if (!Schema.keys(sectionName).contains(key)) {
      // A typo here would silently read the default forever; fail loudly instead.
      throw new IllegalArgumentException("our bug: " + key + " is not a key of " + sectionName);
    }
    return section.flatMap(s -> s.entry(key));
  }

  boolean bool(String key, boolean defaultValue) throws ConfigException {
    Optional<Entry> e = entry(key);
    return e.isEmpty() ? defaultValue : bool(e.get());
  }

  /** An indexed entry's boolean ({@code ServerHtl00}). */
  boolean bool(Entry e) throws ConfigException {
    Boolean value = BOOLEANS.get(e.value().toLowerCase(Locale.ROOT));
    if (value == null) {
      throw bad(e, "expected 0/1, true/false or yes/no");
    }
    return value;
  }

  long number(String key, long defaultValue, long min, long max, String expected)
      throws ConfigException {
    Optional<Entry> e = entry(key);
    return e.isEmpty() ? defaultValue : number(e.get(), min, max, expected);
  }

  Optional<Long> optionalNumber(String key, long min, long max, String expected)
      throws ConfigException {
    Optional<Entry> e = entry(key);
    return e.isEmpty() ? Optional.empty() : Optional.of(number(e.get(), min, max, expected));
  }

  long number(Entry e, long min, long max, String expected) throws ConfigException {
    String text = e.value();
    if (!INTEGER.matcher(text).matches()) {
      throw bad(e, expected);
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException tooLong) {
      throw outOfRange(e, expected);
    }
    if (value < min || value > max) {
      throw outOfRange(e, expected);
    }
    return value;
  }

  Duration millis(String key, long defaultMillis) throws ConfigException {
    return Duration.ofMillis(
        number(
            key,
            defaultMillis,
            1,
            Integer.MAX_VALUE,
            "expected milliseconds, 1 to " + Integer.MAX_VALUE));
  }

  Duration seconds(String key, long defaultSeconds, long min, long max) throws ConfigException {
    return Duration.of(
        number(key, defaultSeconds, min, max, "expected seconds, " + min + " to " + max),
        ChronoUnit.SECONDS);
  }

  /** One of a fixed set of words, matched without regard to case. */
  <E> E choice(String key, Map<String, E> choices, E defaultValue) throws ConfigException {
    Optional<Entry> e = entry(key);
    if (e.isEmpty()) {
      return defaultValue;
    }
    String word = e.get().value().toLowerCase(Locale.ROOT);
    for (Map.Entry<String, E> choice : choices.entrySet()) {
      if (choice.getKey().toLowerCase(Locale.ROOT).equals(word)) {
        return choice.getValue();
      }
    }
    throw bad(
        e.get(),
        "expected one of " + String.join(", ", choices.keySet().stream().sorted().toList()));
  }

  Optional<String> string(String key) {
    return entry(key).map(Entry::value);
  }

  /** A comma-separated list; empty items (a doubled or trailing comma) are errors. */
  List<String> list(Entry e, String expected) throws ConfigException {
    List<String> items = List.of(e.value().split(",", -1)).stream().map(String::strip).toList();
    if (items.stream().anyMatch(String::isEmpty)) {
      throw bad(e, expected);
    }
    return items;
  }

  ConfigException bad(Entry e, String expected) {
    return error(
        e,
        "bad value '" + e.value() + "' for " + sectionName + "." + e.key() + " (" + expected + ")");
  }

  ConfigException outOfRange(Entry e, String expected) {
    return error(
        e,
        "value "
            + e.value()
            + " for "
            + sectionName
            + "."
            + e.key()
            + " is out of range ("
            + expected
            + ")");
  }

  ConfigException error(Entry e, String problem) {
    return new ConfigException(source, e.line(), problem);
  }

  /** Entries of an indexed family ({@code Device00}, ...), for sections without fixed keys. */
  List<Entry> entries() {
    return section.map(Section::entries).orElse(List.of());
  }
}
