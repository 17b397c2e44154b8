package io.selenehsm.firmware.audit;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which categories are recorded, each for successes, failures or both. Immutable.
 *
 * <p>Text form (what {@code audit config evmask} takes and {@code audit config show} prints):
 * {@code all}, {@code none}, or a comma-separated list of {@code category[:success|:failure|:both]}
 * where a bare category means both, e.g. {@code access:failure,keymgmt,firstasym:success}. Category
 * names are {@link AuditCategory#token()}.
 */
public final class EventMask {
  private static final EventMask NONE = new EventMask(new EnumMap<>(AuditCategory.class));
  private static final EventMask ALL;

  static {
    Map<AuditCategory, Set<AuditOutcome>> all = new EnumMap<>(AuditCategory.class);
    for (AuditCategory c : AuditCategory.values()) {
      all.put(c, EnumSet.allOf(AuditOutcome.class));
    }
    ALL = new EventMask(all);
  }

  private final Map<AuditCategory, Set<AuditOutcome>> enabled;

  private EventMask(Map<AuditCategory, Set<AuditOutcome>> enabled) {
    Map<AuditCategory, Set<AuditOutcome>> copy = new EnumMap<>(AuditCategory.class);
    enabled.forEach(
        (c, o) -> {
          if (!o.isEmpty()) {
            copy.put(c, Collections.unmodifiableSet(EnumSet.copyOf(o)));
          }
        });
    this.enabled = Collections.unmodifiableMap(copy);
  }

  /** Only unconditional events are recorded: the factory default. */
  public static EventMask none() {
    return NONE;
  }

  public static EventMask all() {
    return ALL;
  }

  /** This mask with {@code category} enabled for exactly {@code outcomes} (none disables it). */
  public EventMask with(AuditCategory category, AuditOutcome... outcomes) {
    Map<AuditCategory, Set<AuditOutcome>> next = new EnumMap<>(AuditCategory.class);
    next.putAll(enabled);
    Set<AuditOutcome> set = EnumSet.noneOf(AuditOutcome.class);
    Collections.addAll(set, outcomes);
    next.put(category, set);
    return new EventMask(next);
  }

  public Set<AuditOutcome> outcomes(AuditCategory category) {
    return enabled.getOrDefault(category, Set.of());
  }

  /**
   * Whether a record of {@code category} with {@code outcome} is wanted. A key-usage record is also
   * wanted when it is the key's first use and the first-use-only variant is enabled.
   */
  public boolean admits(AuditCategory category, AuditOutcome outcome, boolean firstKeyUse) {
    if (outcomes(category).contains(outcome)) {
      return true;
    }
    AuditCategory first = category.firstUseVariant();
    return firstKeyUse && first != null && outcomes(first).contains(outcome);
  }

  public static EventMask parse(String text) throws HsmException {
    String s = text.strip();
    if (s.equals("all")) {
      return ALL;
    }
    if (s.equals("none") || s.isEmpty()) {
      return NONE;
    }
    Map<AuditCategory, Set<AuditOutcome>> map = new EnumMap<>(AuditCategory.class);
    for (String item : s.split(",", -1)) {
      String part = item.strip();
      int colon = part.indexOf(':');
      String name = colon < 0 ? part : part.substring(0, colon);
      Set<AuditOutcome> outcomes =
          colon < 0 ? EnumSet.allOf(AuditOutcome.class) : parseOutcomes(part.substring(colon + 1));
      map.computeIfAbsent(AuditCategory.fromToken(name), c -> EnumSet.noneOf(AuditOutcome.class))
          .addAll(outcomes);
    }
    return new EventMask(map);
  }

  private static Set<AuditOutcome> parseOutcomes(String s) throws HsmException {
    switch (s) {
      case "success":
        return EnumSet.of(AuditOutcome.SUCCESS);
      case "failure":
        return EnumSet.of(AuditOutcome.FAILURE);
      case "both":
        return EnumSet.allOf(AuditOutcome.class);
      default:
        throw new HsmException(
            Ckr.ARGUMENTS_BAD,
            "Unknown outcome '" + s + "' in event mask; expected success, failure or both");
    }
  }

  /** The canonical text form; {@code parse(format())} equals this mask. */
  public String format() {
    if (equals(ALL)) {
      return "all";
    }
    if (enabled.isEmpty()) {
      return "none";
    }
    List<String> items = new ArrayList<>();
    enabled.forEach(
        (c, o) -> {
          if (o.size() == AuditOutcome.values().length) {
            items.add(c.token());
          } else {
            items.add(c.token() + (o.contains(AuditOutcome.SUCCESS) ? ":success" : ":failure"));
          }
        });
    return String.join(",", items);
  }

  static String categoryTokens() {
    return Stream.of(AuditCategory.values())
        .map(AuditCategory::token)
        .collect(Collectors.joining(", "));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventMask && ((EventMask) o).enabled.equals(enabled);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled);
  }

  @Override
  public String toString() {
    return format();
  }
}
