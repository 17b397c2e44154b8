package io.selenehsm.firmware.policy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable set of policy values by id. Besides the map, ids up to {@link #DENSE_LIMIT} are
 * indexed in an array: the engine reads a policy or two on every command (FIPS mode, metrics), and
 * a tree lookup with a boxed key showed as a tenth of a 1 KiB HMAC.
 */
public final class PolicyValues {
  /** Ids below this are served from the array; policy numbers are small in practice. */
  private static final int DENSE_LIMIT = 256;

  private final TreeMap<Integer, Integer> values;

  /** Value by id; {@code present[id]} says whether the id is defined. */
  private final int[] dense = new int[DENSE_LIMIT];

  private final boolean[] present = new boolean[DENSE_LIMIT];

  private PolicyValues(TreeMap<Integer, Integer> values) {
    this.values = values;
    for (Map.Entry<Integer, Integer> e : values.entrySet()) {
      int id = e.getKey();
      if (id >= 0 && id < DENSE_LIMIT) {
        dense[id] = e.getValue();
        present[id] = true;
      }
    }
  }

  public static PolicyValues defaults(
      List<PolicyDefinition> defs, Map<Integer, Integer> overrides) {
    TreeMap<Integer, Integer> m = new TreeMap<>();
    for (PolicyDefinition d : defs) {
      m.put(d.id(), overrides.getOrDefault(d.id(), d.defaultValue()));
    }
    return new PolicyValues(m);
  }

  /** These values plus the default of every definition they lack (records older than a policy). */
  public PolicyValues withDefaults(List<PolicyDefinition> defs) {
    TreeMap<Integer, Integer> m = new TreeMap<>(values);
    for (PolicyDefinition d : defs) {
      m.putIfAbsent(d.id(), d.defaultValue());
    }
    return m.size() == values.size() ? this : new PolicyValues(m);
  }

  public int get(int id) {
    if (id >= 0 && id < DENSE_LIMIT) {
      if (present[id]) {
        return dense[id];
      }
      throw new IllegalArgumentException("no policy " + id);
    }
    Integer v = values.get(id);
    if (v == null) {
      throw new IllegalArgumentException("no policy " + id);
    }
    return v;
  }

  public boolean isOn(int id) {
    return get(id) != 0;
  }

  public PolicyValues with(int id, int value) {
    TreeMap<Integer, Integer> m = new TreeMap<>(values);
    m.put(id, value);
    return new PolicyValues(m);
  }

  public Map<Integer, Integer> asMap() {
    return Collections.unmodifiableMap(values);
  }

  public void write(DataOutputStream out) throws IOException {
    out.writeInt(values.size());
    for (Map.Entry<Integer, Integer> e : values.entrySet()) {
      out.writeInt(e.getKey());
      out.writeInt(e.getValue());
    }
  }

  public static PolicyValues read(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1024) {
      throw new IOException("policy count " + n + " out of range");
    }
    TreeMap<Integer, Integer> m = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      m.put(in.readInt(), in.readInt());
    }
    return new PolicyValues(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolicyValues p && p.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
