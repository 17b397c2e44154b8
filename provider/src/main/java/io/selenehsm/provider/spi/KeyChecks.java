package io.selenehsm.provider.spi;

import io.selenehsm.firmware.mech.MechanismInfo;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.KeyTypes;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.SoftwareKeys;
import io.selenehsm.provider.key.SeleneKey;
import java.security.InvalidKeyException;
import java.security.Key;
import java.util.Locale;

/**
 * Key checks every SPI makes at init, before a key is imported or an engine command runs: a wrong
 * key fails with InvalidKeyException at init (as the JDK's providers do), not later at update or
 * doFinal, and a foreign key of the wrong kind never becomes a session object.
 */
final class KeyChecks {
  private KeyChecks() {}

  /**
   * What each mechanism is, as the engine reports it; fixed per engine, so kept. Threads: a benign
   * race, two first callers may both ask the slot and store the same value.
   */
  private static final java.util.concurrent.ConcurrentHashMap<Long, MechanismInfo> MECHANISMS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The engine's description of {@code mechanism}, or null when the slot cannot tell. */
  static MechanismInfo mechanismInfo(io.selenehsm.device.Slot slot, long mechanism) {
    MechanismInfo info = MECHANISMS.get(mechanism);
    if (info == null) {
      try {
        info = slot.mechanismInfo(mechanism);
        MECHANISMS.put(mechanism, info);
      } catch (io.selenehsm.firmware.rc.HsmException | RuntimeException e) {
        return null;
      }
    }
    return info;
  }

  /** Refuses a key the mechanism does not take, by the engine's own rule. */
  static void requireAccepted(Key k, MechanismInfo info, String what) throws InvalidKeyException {
    present(k, what);
    if (!info.acceptsKeyType(keyType(k))) {
      throw Errors.invalidKey(
          Ckr.KEY_TYPE_INCONSISTENT,
          what + " needs a " + name(info.keyType()) + " key, not " + describe(k));
    }
  }

  /**
   * Refuses at init a key whose usage attribute ({@code CKA_ENCRYPT}, {@code CKA_DECRYPT}, ...) is
   * false, as C_EncryptInit would: an operation the engine starts only at the first update must not
   * fail there with an exception the JCA method does not declare.
   */
  static void requireUsage(SeleneKey k, long usage, String usageName, String what)
      throws InvalidKeyException {
    if (!KeyAccess.object(k).allows(usage)) {
      throw Errors.invalidKey(
          Ckr.KEY_FUNCTION_NOT_PERMITTED,
          what + " cannot use " + k + ": its " + usageName + " is false");
    }
  }

  /** The key's CKK_* type: from its object for a Selene key, from its algorithm otherwise. */
  static long keyType(Key k) {
    return k instanceof SeleneKey s
        ? KeyAccess.object(s).keyType()
        : SoftwareKeys.keyTypeOf(k.getAlgorithm());
  }

  /** Refuses a null key (the JDK's providers throw InvalidKeyException too). */
  static Key present(Key k, String what) throws InvalidKeyException {
    if (k == null) {
      throw Errors.invalidKey(Ckr.KEY_HANDLE_INVALID, "no key given to " + what);
    }
    return k;
  }

  /** Refuses a key whose type is not {@code expected}. */
  static void requireType(Key k, long expected, String what) throws InvalidKeyException {
    present(k, what);
    long type = keyType(k);
    if (type != expected) {
      throw Errors.invalidKey(
          Ckr.KEY_TYPE_INCONSISTENT,
          what + " needs a " + name(expected) + " key, not " + describe(k));
    }
  }

  /**
   * Refuses a symmetric key whose length the cipher cannot take (AES: 16, 24 or 32 bytes; DESede:
   * 24, or 16 for two-key). Selene keys were checked when they were made.
   */
  static void requireSymmetricLength(Key k, long type) throws InvalidKeyException {
    if (k instanceof SeleneKey) {
      return;
    }
    byte[] v = k.getEncoded();
    int n = v == null ? -1 : v.length;
    boolean ok = type == Ckk.AES ? n == 16 || n == 24 || n == 32 : n == 24 || n == 16;
    if (!ok) {
      throw Errors.invalidKey(
          Ckr.KEY_SIZE_RANGE,
          name(type)
              + " key of "
              + (n < 0 ? "no encoded" : n + " bytes")
              + ": "
              + (type == Ckk.AES ? "must be 16, 24 or 32 bytes" : "must be 24 (or 16) bytes"));
    }
  }

  static String describe(Key k) {
    return k instanceof SeleneKey
        ? k.toString()
        : k.getClass().getSimpleName() + " (" + k.getAlgorithm() + ")";
  }

  static String name(long type) {
    if (type == Ckk.GENERIC_SECRET) {
      return "generic secret";
    }
    String name = KeyTypes.algorithm(type);
    return name != null ? name : String.format(Locale.ROOT, "type 0x%x", type);
  }
}
