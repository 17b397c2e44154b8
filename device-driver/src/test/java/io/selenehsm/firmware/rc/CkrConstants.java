package io.selenehsm.firmware.rc;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

/** The public {@code long} constants of {@link Ckr}, by field name, read once by reflection. */
final class CkrConstants {
  private CkrConstants() {}

  static final Map<String, Long> BY_FIELD_NAME = read();

  private static Map<String, Long> read() {
    Map<String, Long> fields = new LinkedHashMap<>();
    for (Field f : Ckr.class.getDeclaredFields()) {
      int mods = f.getModifiers();
      if (Modifier.isPublic(mods) && Modifier.isStatic(mods) && f.getType() == long.class) {
        try {
          fields.put(f.getName(), f.getLong(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return fields;
  }

  /** The constant for a catalogue name such as {@code CKR_LOG_FULL}, or null. */
  static Long forCatalogueName(String ckrName) {
    return ckrName.startsWith("CKR_") ? BY_FIELD_NAME.get(ckrName.substring(4)) : null;
  }
}
