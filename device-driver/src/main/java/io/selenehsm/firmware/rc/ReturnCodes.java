package io.selenehsm.firmware.rc;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Names of return codes. The full catalogue from the vendor tables replaces this lookup. */
public final class ReturnCodes {
  private static final Map<Long, String> NAMES = new HashMap<>();

  static {
    for (Field f : Ckr.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == long.class) {
        try {
          NAMES.putIfAbsent(f.getLong(null), "CKR_" + f.getName());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
  }

  private ReturnCodes() {}

  public static String nameOf(long code) {
    return NAMES.getOrDefault(code, String.format(Locale.ROOT, "CKR_0x%08x", code));
  }

  public static String format(long code) {
    return String.format(Locale.ROOT, "0x%08x (%s)", code, nameOf(code));
  }
}
