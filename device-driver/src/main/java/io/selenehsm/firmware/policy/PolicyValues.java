package io.selenehsm.firmware.policy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An immutable set of policy values by id. */
public final class PolicyValues {
  private final TreeMap<Integer, Integer> values;

  private PolicyValues(TreeMap<Integer, Integer> values) {
    this.values = values;
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
