package io.selenehsm.server.wire;

import io.selenehsm.firmware.mech.Mechanism;
import java.lang.reflect.RecordComponent;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Value equality for what crosses the wire: records component by component (their own equals
 * compares array components by identity), arrays by content, public keys by encoding, containers
 * element by element. Answers with the first difference, or null when the values are equal.
 */
final class DeepEquality {
  private DeepEquality() {}

  static String difference(Object a, Object b) {
    return difference("value", a, b);
  }

  private static String difference(String at, Object a, Object b) {
    if (a == null || b == null) {
      return a == b ? null : at + ": " + a + " vs " + b;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y) ? null : at + ": bytes differ";
    }
    if (a instanceof char[] x && b instanceof char[] y) {
      return Arrays.equals(x, y) ? null : at + ": chars differ";
    }
    if (a instanceof long[] x && b instanceof long[] y) {
      return Arrays.equals(x, y)
          ? null
          : at + ": " + Arrays.toString(x) + " vs " + Arrays.toString(y);
    }
    if (a instanceof PublicKey x && b instanceof PublicKey y) {
      return Arrays.equals(x.getEncoded(), y.getEncoded()) ? null : at + ": keys differ";
    }
    if (a instanceof Mechanism x && b instanceof Mechanism y) {
      return x.id() != y.id()
          ? at + ": mechanism " + x + " vs " + y
          : difference(at + ".params", x.params(), y.params());
    }
    if (a.getClass().isRecord()) {
      if (a.getClass() != b.getClass()) {
        return at + ": " + a.getClass() + " vs " + b.getClass();
      }
      for (RecordComponent rc : a.getClass().getRecordComponents()) {
        try {
          String d =
              difference(
                  at + "." + rc.getName(), rc.getAccessor().invoke(a), rc.getAccessor().invoke(b));
          if (d != null) {
            return d;
          }
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return null;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return at + ": " + x.size() + " vs " + y.size() + " items";
      }
      Iterator<?> i = x.iterator();
      Iterator<?> j = y.iterator();
      for (int n = 0; i.hasNext(); n++) {
        String d = difference(at + "[" + n + "]", i.next(), j.next());
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (a instanceof Optional<?> x && b instanceof Optional<?> y) {
      return x.isPresent() != y.isPresent()
          ? at + ": " + x + " vs " + y
          : difference(at + ".get", x.orElse(null), y.orElse(null));
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (!x.keySet().equals(y.keySet())) {
        return at + ": keys " + x.keySet() + " vs " + y.keySet();
      }
      for (Object k : x.keySet()) {
        String d = difference(at + "[" + k + "]", x.get(k), y.get(k));
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    return a.equals(b) ? null : at + ": " + a + " vs " + b;
  }
}
