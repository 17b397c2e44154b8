package io.selenehsm.firmware.object;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * PKCS#11 attribute rules: which attributes exist and with what encoding, which a caller may set at
 * creation, change later or read, and the defaults the engine fills in. One place, so the engine's
 * create, copy, set and get paths cannot drift apart.
 */
public final class ObjectRules {
  private ObjectRules() {}

  private static final Map<Long, String> NAMES = new HashMap<>();

  static {
    for (Field f : Cka.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers())
          && f.getType() == long.class
          && !f.getName().equals("VENDOR_DEFINED")
          && !f.getName().equals("ARRAY_ATTRIBUTE")) {
        try {
          NAMES.put(f.getLong(null), "CKA_" + f.getName());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
  }

  private static final LongSet KNOWN = LongSet.of(NAMES.keySet());

  private static final LongSet BOOLEANS =
      LongSet.of(
          Cka.TOKEN,
          Cka.PRIVATE,
          Cka.SENSITIVE,
          Cka.ENCRYPT,
          Cka.DECRYPT,
          Cka.WRAP,
          Cka.UNWRAP,
          Cka.SIGN,
          Cka.SIGN_RECOVER,
          Cka.VERIFY,
          Cka.VERIFY_RECOVER,
          Cka.DERIVE,
          Cka.EXTRACTABLE,
          Cka.LOCAL,
          Cka.NEVER_EXTRACTABLE,
          Cka.ALWAYS_SENSITIVE,
          Cka.MODIFIABLE,
          Cka.COPYABLE,
          Cka.DESTROYABLE,
          Cka.TRUSTED,
          Cka.ALWAYS_AUTHENTICATE,
          Cka.WRAP_WITH_TRUSTED);

  private static final LongSet ULONGS =
      LongSet.of(
          Cka.CLASS,
          Cka.KEY_TYPE,
          Cka.CERTIFICATE_TYPE,
          Cka.CERTIFICATE_CATEGORY,
          Cka.MODULUS_BITS,
          Cka.VALUE_LEN,
          Cka.KEY_GEN_MECHANISM,
          Cka.USAGE_LIMIT,
          Cka.USAGE_COUNT,
          Cka.PARAMETER_SET);

  private static final LongSet DATES = LongSet.of(Cka.START_DATE, Cka.END_DATE);

  /** Set only by the engine; a caller may never supply them. */
  private static final LongSet ENGINE_SET =
      LongSet.of(
          Cka.LOCAL,
          Cka.NEVER_EXTRACTABLE,
          Cka.ALWAYS_SENSITIVE,
          Cka.KEY_GEN_MECHANISM,
          Cka.OUID,
          Cka.USAGE_COUNT,
          Cka.DATE_MADE_PERSISTENT,
          Cka.AUTH_DATA,
          Cka.ASSIGNED,
          Cka.FAILED_KEY_AUTH_COUNT,
          Cka.DUAL_PURPOSE);

  /** Array attributes: their value is a nested template. */
  private static final LongSet TEMPLATES = LongSet.of(Cka.WRAP_TEMPLATE, Cka.UNWRAP_TEMPLATE);

  /** Fixed once the object exists (C_CopyObject may still change TOKEN and PRIVATE). */
  private static final LongSet FIXED_AFTER_CREATE =
      LongSet.of(
          Cka.CLASS,
          Cka.KEY_TYPE,
          Cka.TOKEN,
          Cka.PRIVATE,
          Cka.MODIFIABLE,
          Cka.CERTIFICATE_TYPE,
          Cka.VALUE_LEN,
          Cka.MODULUS,
          Cka.MODULUS_BITS,
          Cka.PUBLIC_EXPONENT,
          Cka.PRIVATE_EXPONENT,
          Cka.PRIME_1,
          Cka.PRIME_2,
          Cka.EXPONENT_1,
          Cka.EXPONENT_2,
          Cka.COEFFICIENT,
          Cka.EC_PARAMS,
          Cka.EC_POINT,
          Cka.PUBLIC_KEY_INFO,
          Cka.PRIVATE_KEY_INFO,
          Cka.PRIME,
          Cka.SUBPRIME,
          Cka.BASE,
          Cka.PARAMETER_SET,
          Cka.CHECK_VALUE,
          Cka.WRAP_TEMPLATE,
          Cka.UNWRAP_TEMPLATE);

  /** Key material that only leaves the engine when the key is extractable and not sensitive. */
  private static final LongSet SECRET_MATERIAL =
      LongSet.of(
          Cka.PRIVATE_EXPONENT,
          Cka.PRIME_1,
          Cka.PRIME_2,
          Cka.EXPONENT_1,
          Cka.EXPONENT_2,
          Cka.COEFFICIENT,
          Cka.PRIVATE_KEY_INFO);

  public static String name(long type) {
    return NAMES.getOrDefault(type, String.format("CKA_0x%x", type));
  }

  public static boolean isKnown(long type) {
    return KNOWN.contains(type);
  }

  /** Checks types and encodings of every attribute in a caller's template. */
  public static void checkEncodings(Attributes template) throws HsmException {
    checkEncodings(template, true);
  }

  private static void checkEncodings(Attributes template, boolean outer) throws HsmException {
    for (int i = 0; i < template.size(); i++) {
      long type = template.typeAt(i);
      if (TEMPLATES.contains(type)) {
        if (!outer) {
          throw new HsmException(
              Ckr.ATTRIBUTE_VALUE_INVALID,
              name(type) + " cannot be nested inside another template");
        }
        checkEncodings(nested(template, type), false);
        continue;
      }
      if (!isKnown(type)) {
        throw new HsmException(Ckr.ATTRIBUTE_TYPE_INVALID, "unknown attribute type " + name(type));
      }
      byte[] v = template.peek(type);
      if (BOOLEANS.contains(type) && (v.length != 1 || (v[0] != 0 && v[0] != 1))) {
        throw new HsmException(
            Ckr.ATTRIBUTE_VALUE_INVALID,
            name(type) + " must be a CK_BBOOL of one byte 0 or 1, got " + v.length + " bytes");
      }
      if (ULONGS.contains(type) && v.length != 8 && v.length != 4) {
        throw new HsmException(
            Ckr.ATTRIBUTE_VALUE_INVALID,
            name(type) + " must be a CK_ULONG of 4 or 8 bytes, got " + v.length);
      }
      if (DATES.contains(type) && !isDate(v)) {
        throw new HsmException(
            Ckr.ATTRIBUTE_VALUE_INVALID, name(type) + " must be empty or eight digits YYYYMMDD");
      }
      if (type == Cka.LABEL && v.length > 256) {
        throw new HsmException(
            Ckr.ATTRIBUTE_VALUE_INVALID,
            "CKA_LABEL is " + v.length + " bytes; at most 256 are allowed");
      }
    }
  }

  /** The nested template of an array attribute, or a typed error when it does not decode. */
  public static Attributes nested(Attributes a, long type) throws HsmException {
    try {
      return a.template(type);
    } catch (java.io.IOException | RuntimeException e) {
      throw new HsmException(
          Ckr.ATTRIBUTE_VALUE_INVALID,
          name(type) + " is not a valid attribute template: " + e.getMessage());
    }
  }

  /**
   * CKA_TRUSTED can be turned on only by the Partition SO (PKCS#11: only the SO sets it to true);
   * in every template a user gives, it may only be false.
   */
  private static void refuseTrusted(Attributes template) throws HsmException {
    if (template.bool(Cka.TRUSTED, false)) {
      throw new HsmException(
          Ckr.ATTRIBUTE_READ_ONLY, "CKA_TRUSTED can be set to true only by the Partition SO");
    }
  }

  private static boolean isDate(byte[] v) {
    if (v.length == 0) {
      return true;
    }
    if (v.length != 8) {
      return false;
    }
    for (byte b : v) {
      if (b < '0' || b > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Validates a C_CreateObject / import template and returns it completed with defaults. {@code
   * engineGenerated} marks templates the engine built itself (key generation, unwrap, SKS insert,
   * cloning), which may carry engine-set attributes.
   */
  public static Attributes completeForCreate(Attributes template, boolean engineGenerated)
      throws HsmException {
    checkEncodings(template);
    if (!engineGenerated) {
      refuseTrusted(template);
      for (long type : template.types()) {
        if (ENGINE_SET.contains(type)) {
          throw new HsmException(
              Ckr.ATTRIBUTE_READ_ONLY,
              name(type) + " is set by the HSM and cannot be supplied in a template");
        }
      }
    }
    if (!template.has(Cka.CLASS)) {
      throw new HsmException(Ckr.TEMPLATE_INCOMPLETE, "the template has no CKA_CLASS");
    }
    return complete(template.toBuilder(), engineGenerated);
  }

  /**
   * Completes a key the engine builds itself (key generation) in place: the defaults of {@link
   * #completeForCreate} with {@code engineGenerated} true, applied to {@code b} and built once. The
   * caller's part of {@code b} was checked by {@link #checkCallerTemplate}; what the engine added
   * (class, key type, key values, generation history) is well-formed by construction, so the
   * encodings are not checked a second time.
   */
  public static Attributes completeGenerated(Attributes.Builder b) throws HsmException {
    if (!b.has(Cka.CLASS)) {
      throw new HsmException(Ckr.TEMPLATE_INCOMPLETE, "the template has no CKA_CLASS");
    }
    return complete(b, true);
  }

  /**
   * The defaults, on a builder that still holds exactly the template's attributes: what the rules
   * read of the template they read from the builder, before any default of the same type is set.
   */
  private static Attributes complete(Attributes.Builder b, boolean engineGenerated)
      throws HsmException {
    long cls = b.ulong(Cka.CLASS, -1);
    b.setIfAbsent(Cka.TOKEN, false);
    b.setIfAbsent(Cka.MODIFIABLE, true);
    b.setIfAbsent(Cka.COPYABLE, true);
    b.setIfAbsent(Cka.DESTROYABLE, true);
    if (!b.has(Cka.LABEL)) {
      b.set(Cka.LABEL, new byte[0]);
    }
    if (cls == Cko.DATA) {
      b.setIfAbsent(Cka.PRIVATE, false);
    } else if (cls == Cko.CERTIFICATE) {
      b.setIfAbsent(Cka.PRIVATE, false);
      require(b, Cka.VALUE, "a certificate");
      if (!b.has(Cka.ID)) {
        b.set(Cka.ID, new byte[0]); // v2.40 §4.6: empty by default
      }
      if (!b.has(Cka.CERTIFICATE_TYPE)) {
        b.set(Cka.CERTIFICATE_TYPE, 0L); // CKC_X_509
      }
    } else if (Cko.isKey(cls)) {
      completeKey(cls, b, engineGenerated);
    } else {
      throw new HsmException(
          Ckr.ATTRIBUTE_VALUE_INVALID,
          String.format("CKA_CLASS 0x%x is not an object class this HSM stores", cls));
    }
    return b.build();
  }

  /**
   * Key defaults. The template's own attributes are read from {@code b}: no default set before a
   * read is of the type read (DERIVE and LOCAL come first; dates, ID, SUBJECT, key values and
   * VALUE_LEN are only read), so {@code b} answers as the template would.
   */
  private static void completeKey(long cls, Attributes.Builder b, boolean engineGenerated)
      throws HsmException {
    if (!b.has(Cka.KEY_TYPE)) {
      throw new HsmException(Ckr.TEMPLATE_INCOMPLETE, "a key template needs CKA_KEY_TYPE");
    }
    long keyType = b.ulong(Cka.KEY_TYPE, -1);
    b.setIfAbsent(Cka.DERIVE, false);
    b.setIfAbsent(Cka.LOCAL, false);
    if (!b.has(Cka.START_DATE)) {
      b.set(Cka.START_DATE, new byte[0]);
    }
    if (!b.has(Cka.END_DATE)) {
      b.set(Cka.END_DATE, new byte[0]);
    }
    // PKCS#11 v2.40 §4.7-4.9: CKA_ID (every key) and CKA_SUBJECT (public and private keys)
    // default to empty; applications read them without checking that they exist.
    if (!b.has(Cka.ID)) {
      b.set(Cka.ID, new byte[0]);
    }
    if (cls != Cko.SECRET_KEY && !b.has(Cka.SUBJECT)) {
      b.set(Cka.SUBJECT, new byte[0]);
    }
    if (cls == Cko.PUBLIC_KEY) {
      b.setIfAbsent(Cka.PRIVATE, false);
      b.setIfAbsent(Cka.ENCRYPT, true).setIfAbsent(Cka.VERIFY, true).setIfAbsent(Cka.WRAP, true);
      if (!engineGenerated
          && !b.has(Cka.PUBLIC_KEY_INFO)
          && !b.has(Cka.MODULUS)
          && !b.has(Cka.EC_POINT)) {
        throw new HsmException(
            Ckr.TEMPLATE_INCOMPLETE,
            "a public key template needs CKA_PUBLIC_KEY_INFO (or CKA_MODULUS / CKA_EC_POINT)");
      }
      return;
    }
    if (Ckk.isSecret(keyType) != (cls == Cko.SECRET_KEY)) {
      throw new HsmException(
          Ckr.TEMPLATE_INCONSISTENT,
          String.format(
              "CKA_KEY_TYPE 0x%x does not fit CKA_CLASS %s",
              keyType, cls == Cko.SECRET_KEY ? "CKO_SECRET_KEY" : "CKO_PRIVATE_KEY"));
    }
    b.setIfAbsent(Cka.PRIVATE, true);
    b.setIfAbsent(Cka.SENSITIVE, true);
    b.setIfAbsent(Cka.EXTRACTABLE, false);
    b.setIfAbsent(Cka.DECRYPT, true).setIfAbsent(Cka.SIGN, true).setIfAbsent(Cka.UNWRAP, true);
    if (cls == Cko.SECRET_KEY) {
      b.setIfAbsent(Cka.ENCRYPT, true).setIfAbsent(Cka.VERIFY, true).setIfAbsent(Cka.WRAP, true);
      require(b, Cka.VALUE, "a secret key");
      if (!engineGenerated && b.has(Cka.VALUE_LEN)) {
        throw new HsmException(
            Ckr.TEMPLATE_INCONSISTENT,
            "CKA_VALUE_LEN cannot be given together with CKA_VALUE when creating a secret key");
      }
      checkSecretLength(keyType, b.peek(Cka.VALUE).length);
      b.set(Cka.VALUE_LEN, (long) b.peek(Cka.VALUE).length);
    } else {
      require(b, Cka.PRIVATE_KEY_INFO, "a private key (PKCS#8 encoding)");
    }
    if (!engineGenerated) {
      boolean sensitive = b.build().bool(Cka.SENSITIVE, true);
      boolean extractable = b.build().bool(Cka.EXTRACTABLE, false);
      b.set(Cka.ALWAYS_SENSITIVE, false).set(Cka.NEVER_EXTRACTABLE, false);
      b.set(Cka.SENSITIVE, sensitive).set(Cka.EXTRACTABLE, extractable);
    }
  }

  /**
   * Checks a template a caller gives for a key the HSM will make (generate, unwrap, derive):
   * encodings valid, no engine-set attributes and no key material of the caller's own.
   */
  public static void checkCallerTemplate(Attributes template) throws HsmException {
    checkEncodings(template);
    refuseTrusted(template);
    for (long type : template.types()) {
      if (ENGINE_SET.contains(type)
          || SECRET_MATERIAL.contains(type)
          || type == Cka.VALUE
          || type == Cka.PUBLIC_KEY_INFO
          || type == Cka.MODULUS
          || type == Cka.EC_POINT) {
        throw new HsmException(
            Ckr.TEMPLATE_INCONSISTENT,
            name(type) + " is produced by the HSM and cannot be given in this template");
      }
    }
  }

  /** Checks a secret key's length for its type: AES 16/24/32, DES3 24 (DES2 16), generic 1-512. */
  public static void checkSecretLength(long keyType, int bytes) throws HsmException {
    boolean ok;
    if (keyType == Ckk.AES) {
      ok = bytes == 16 || bytes == 24 || bytes == 32;
    } else if (keyType == Ckk.DES3) {
      ok = bytes == 24;
    } else if (keyType == Ckk.DES2) {
      ok = bytes == 16;
    } else {
      ok = bytes >= 1 && bytes <= 512;
    }
    if (!ok) {
      throw new HsmException(
          Ckr.ATTRIBUTE_VALUE_INVALID,
          String.format(
              "CKA_VALUE of %d bytes is not a valid length for key type 0x%x", bytes, keyType));
    }
  }

  private static void require(Attributes.Builder t, long type, String what) throws HsmException {
    if (!t.has(type)) {
      throw new HsmException(Ckr.TEMPLATE_INCOMPLETE, what + " needs " + name(type));
    }
  }

  /** Validates a C_SetAttributeValue request of a user (not the Partition SO). */
  public static Attributes applyChange(HsmObject object, Attributes change) throws HsmException {
    return applyChange(object, change, false);
  }

  /**
   * Validates a C_SetAttributeValue request against an object and returns the new set. {@code
   * securityOfficer} marks the Partition SO, the only one who may set CKA_TRUSTED.
   */
  public static Attributes applyChange(HsmObject object, Attributes change, boolean securityOfficer)
      throws HsmException {
    checkEncodings(change);
    if (!securityOfficer) {
      refuseTrusted(change);
    }
    Attributes current = object.attributes();
    if (!current.bool(Cka.MODIFIABLE, true)) {
      throw new HsmException(
          Ckr.ACTION_PROHIBITED,
          "object " + object.handle() + " is not modifiable (CKA_MODIFIABLE is false)");
    }
    for (long type : change.types()) {
      if (ENGINE_SET.contains(type)
          || FIXED_AFTER_CREATE.contains(type)
          || (type == Cka.VALUE && Cko.isKey(object.objectClass()))) {
        throw new HsmException(
            Ckr.ATTRIBUTE_READ_ONLY,
            name(type) + " of object " + object.handle() + " cannot be changed");
      }
      checkOneWay(object, change, type);
    }
    return current.toBuilder().putAll(change).build();
  }

  /** Validates a C_CopyObject template: TOKEN and PRIVATE may change here, unlike in a set. */
  public static Attributes applyCopy(HsmObject object, Attributes change) throws HsmException {
    checkEncodings(change);
    refuseTrusted(change);
    Attributes current = object.attributes();
    if (!current.bool(Cka.COPYABLE, true)) {
      throw new HsmException(
          Ckr.ACTION_PROHIBITED,
          "object " + object.handle() + " is not copyable (CKA_COPYABLE is false)");
    }
    for (long type : change.types()) {
      boolean copyOnly = type == Cka.TOKEN || type == Cka.PRIVATE || type == Cka.MODIFIABLE;
      if (ENGINE_SET.contains(type)
          || (FIXED_AFTER_CREATE.contains(type) && !copyOnly)
          || (type == Cka.VALUE && Cko.isKey(object.objectClass()))) {
        throw new HsmException(
            Ckr.ATTRIBUTE_READ_ONLY,
            name(type) + " cannot be changed while copying object " + object.handle());
      }
      if (type == Cka.MODIFIABLE && change.bool(type, true) && !current.bool(type, true)) {
        throw new HsmException(
            Ckr.ATTRIBUTE_VALUE_INVALID, "a copy cannot make an unmodifiable object modifiable");
      }
      checkOneWay(object, change, type);
    }
    return current.toBuilder().putAll(change).build();
  }

  /**
   * SENSITIVE and WRAP_WITH_TRUSTED only turn on; EXTRACTABLE, COPYABLE and DESTROYABLE only turn
   * off (so ALWAYS_SENSITIVE and NEVER_EXTRACTABLE stay true).
   */
  private static void checkOneWay(HsmObject object, Attributes change, long type)
      throws HsmException {
    Attributes current = object.attributes();
    if ((type == Cka.SENSITIVE || type == Cka.WRAP_WITH_TRUSTED)
        && current.bool(type, false)
        && !change.bool(type, false)) {
      throw new HsmException(
          Ckr.ATTRIBUTE_READ_ONLY,
          name(type) + " of object " + object.handle() + " cannot go from true to false");
    }
    if ((type == Cka.EXTRACTABLE || type == Cka.COPYABLE || type == Cka.DESTROYABLE)
        && !current.bool(type, true)
        && change.bool(type, false)) {
      throw new HsmException(
          Ckr.ATTRIBUTE_READ_ONLY,
          name(type) + " of object " + object.handle() + " cannot go from false to true");
    }
  }

  /** Returns the attribute's value if the caller may read it, else throws. */
  public static byte[] read(HsmObject object, long type) throws HsmException {
    if (!isKnown(type)) {
      throw new HsmException(Ckr.ATTRIBUTE_TYPE_INVALID, "unknown attribute type " + name(type));
    }
    if (type == Cka.USAGE_COUNT) {
      return Attributes.encodeLong(object.usageCounter().get());
    }
    if (type == Cka.OUID) {
      return object.ouid();
    }
    if (!object.attributes().has(type)) {
      throw new HsmException(
          Ckr.ATTRIBUTE_TYPE_INVALID, "object " + object.handle() + " has no " + name(type));
    }
    if (!isReadable(object, type)) {
      // Refused before the value is touched: a deferred encoding is not made for a refusal.
      throw new HsmException(
          Ckr.ATTRIBUTE_SENSITIVE,
          name(type) + " of object " + object.handle() + " is sensitive or not extractable");
    }
    return object.attributes().get(type);
  }

  public static boolean isReadable(HsmObject object, long type) {
    if (type == Cka.AUTH_DATA) {
      return false; // a per-key secret: the HSM checks it, nobody reads it back
    }
    boolean material =
        SECRET_MATERIAL.contains(type)
            || (type == Cka.VALUE
                && (object.objectClass() == Cko.SECRET_KEY
                    || object.objectClass() == Cko.PRIVATE_KEY));
    return !material || (!object.isSensitive() && object.isExtractable());
  }

  /** What a read adds from the object itself, ascending (both are vendor types, OUID first). */
  private static final long[] READ_EXTRAS = {Cka.OUID, Cka.USAGE_COUNT};

  /** Every attribute the caller may read, with OUID and usage count filled in. */
  public static Attributes readable(HsmObject object) {
    byte[] ouid = object.ouid();
    byte[] count = Attributes.encodeLong(object.usageCounter().get());
    return object
        .attributes()
        .select(type -> isReadable(object, type), READ_EXTRAS, new byte[][] {ouid, count});
  }
}
