package io.selenehsm.firmware.policy;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policy template files: {@code id:"description":value} lines with {@code #} comments. The
 * description is informational; the id decides. Policies a template leaves out take their defaults.
 * Parsing checks every line before anything is applied.
 */
public final class PolicyTemplate {
  private static final Pattern LINE =
      Pattern.compile("^\\s*(\\d+)\\s*:\\s*\"([^\"]*)\"\\s*:\\s*(\\d+)\\s*$");

  private PolicyTemplate() {}

  /** Renders a template; {@code header} lines are written as comments first. */
  public static String format(
      List<String> header, List<PolicyDefinition> defs, PolicyValues values) {
    StringBuilder sb = new StringBuilder();
    for (String h : header) {
      sb.append("# ").append(h).append('\n');
    }
    sb.append("# Each line: policy id:\"description\":value\n");
    for (PolicyDefinition d : defs) {
      sb.append(d.id())
          .append(":\"")
          .append(d.description())
          .append("\":")
          .append(values.get(d.id()))
          .append('\n');
    }
    return sb.toString();
  }

  /**
   * Parses a template into policy values. {@code capabilities} gives each capability's value on the
   * target device; a policy above its capability is a conflict.
   */
  public static PolicyValues parse(
      String text,
      String source,
      List<PolicyDefinition> defs,
      IntFunction<Optional<PolicyDefinition>> lookup,
      IntFunction<Integer> capabilities)
      throws HsmException {
    return parse(text, source, PolicyValues.defaults(defs, Map.of()), lookup, capabilities);
  }

  /**
   * As above, with the values a policy left out of the template takes: the device's factory
   * defaults, which may differ from the definitions' (policy 33 defaults to the device's limit).
   */
  public static PolicyValues parse(
      String text,
      String source,
      PolicyValues defaults,
      IntFunction<Optional<PolicyDefinition>> lookup,
      IntFunction<Integer> capabilities)
      throws HsmException {
    Map<Integer, Integer> chosen = new HashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1);
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new HsmException(
            Ckr.DATA_INVALID, where + ": expected id:\"description\":value, got '" + line + "'");
      }
      int id = parseInt(m.group(1), where);
      int value = parseInt(m.group(3), where);
      PolicyDefinition def =
          lookup
              .apply(id)
              .orElseThrow(
                  () ->
                      new HsmException(
                          Ckr.DATA_INVALID, where + ": policy " + id + " does not exist"));
      if (!def.accepts(value)) {
        throw new HsmException(
            Ckr.DATA_INVALID,
            where
                + ": value "
                + value
                + " for policy "
                + id
                + " ("
                + def.description()
                + ") is outside 0-"
                + def.max());
      }
      checkCapability(def, value, capabilities, where);
      if (chosen.put(id, value) != null) {
        throw new HsmException(Ckr.DATA_INVALID, where + ": policy " + id + " appears twice");
      }
    }
    PolicyValues result = defaults;
    for (Map.Entry<Integer, Integer> e : chosen.entrySet()) {
      result = result.with(e.getKey(), e.getValue());
    }
    return result;
  }

  /** Refuses a value above what the device's capability allows (e.g. 1 where it is always 0). */
  public static void checkCapability(
      PolicyDefinition def, int value, IntFunction<Integer> capabilities, String where)
      throws HsmException {
    if (def.capability() < 0) {
      return;
    }
    int cap = capabilities.apply(def.capability());
    if (value > cap) {
      throw new HsmException(
          Ckr.DATA_INVALID,
          where
              + ": policy "
              + def.id()
              + " ("
              + def.description()
              + ") cannot be "
              + value
              + " because capability "
              + def.capability()
              + " of this HSM is "
              + cap);
    }
  }

  private static int parseInt(String s, String where) throws HsmException {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new HsmException(Ckr.DATA_INVALID, where + ": '" + s + "' is not a number");
    }
  }
}
