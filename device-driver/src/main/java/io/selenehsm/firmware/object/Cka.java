package io.selenehsm.firmware.object;

/** PKCS#11 attribute types (CKA_*) the engine understands, plus the vendor-defined ones. */
public final class Cka {
  private Cka() {}

  public static final long CLASS = 0x0000L;
  public static final long TOKEN = 0x0001L;
  public static final long PRIVATE = 0x0002L;
  public static final long LABEL = 0x0003L;
  public static final long APPLICATION = 0x0010L;
  public static final long VALUE = 0x0011L;
  public static final long OBJECT_ID = 0x0012L;
  public static final long CERTIFICATE_TYPE = 0x0080L;
  public static final long ISSUER = 0x0081L;
  public static final long SERIAL_NUMBER = 0x0082L;
  public static final long TRUSTED = 0x0086L;
  public static final long CERTIFICATE_CATEGORY = 0x0087L;
  public static final long KEY_TYPE = 0x0100L;
  public static final long SUBJECT = 0x0101L;
  public static final long ID = 0x0102L;
  public static final long SENSITIVE = 0x0103L;
  public static final long ENCRYPT = 0x0104L;
  public static final long DECRYPT = 0x0105L;
  public static final long WRAP = 0x0106L;
  public static final long UNWRAP = 0x0107L;
  public static final long SIGN = 0x0108L;
  public static final long SIGN_RECOVER = 0x0109L;
  public static final long VERIFY = 0x010AL;
  public static final long VERIFY_RECOVER = 0x010BL;
  public static final long DERIVE = 0x010CL;
  public static final long START_DATE = 0x0110L;
  public static final long END_DATE = 0x0111L;
  public static final long MODULUS = 0x0120L;
  public static final long MODULUS_BITS = 0x0121L;
  public static final long PUBLIC_EXPONENT = 0x0122L;
  public static final long PRIVATE_EXPONENT = 0x0123L;
  public static final long PRIME_1 = 0x0124L;
  public static final long PRIME_2 = 0x0125L;
  public static final long EXPONENT_1 = 0x0126L;
  public static final long EXPONENT_2 = 0x0127L;
  public static final long COEFFICIENT = 0x0128L;
  public static final long PUBLIC_KEY_INFO = 0x0129L;
  public static final long PRIME = 0x0130L;
  public static final long SUBPRIME = 0x0131L;
  public static final long BASE = 0x0132L;
  public static final long VALUE_BITS = 0x0160L;
  public static final long VALUE_LEN = 0x0161L;
  public static final long EXTRACTABLE = 0x0162L;
  public static final long LOCAL = 0x0163L;
  public static final long NEVER_EXTRACTABLE = 0x0164L;
  public static final long ALWAYS_SENSITIVE = 0x0165L;
  public static final long KEY_GEN_MECHANISM = 0x0166L;
  public static final long MODIFIABLE = 0x0170L;
  public static final long COPYABLE = 0x0171L;
  public static final long DESTROYABLE = 0x0172L;
  public static final long EC_PARAMS = 0x0180L;
  public static final long EC_POINT = 0x0181L;
  public static final long ALWAYS_AUTHENTICATE = 0x0202L;
  public static final long WRAP_WITH_TRUSTED = 0x0210L;
  public static final long CHECK_VALUE = 0x0090L;
  public static final long PARAMETER_SET = 0x061DL;

  /** CKF_ARRAY_ATTRIBUTE: the value is an encoded attribute set ({@link Attributes#encode}). */
  public static final long ARRAY_ATTRIBUTE = 0x40000000L;

  /** Every key a wrapping key wraps must match this template. */
  public static final long WRAP_TEMPLATE = ARRAY_ATTRIBUTE | 0x0211L;

  /**
   * A key an unwrapping key unwraps receives these attributes; the caller may not contradict them.
   */
  public static final long UNWRAP_TEMPLATE = ARRAY_ATTRIBUTE | 0x0212L;

  /** Vendor range (CKA_VENDOR_DEFINED). */
  public static final long VENDOR_DEFINED = 0x80000000L;

  /** Usage limit and count: the key refuses operations once the count reaches the limit. */
  public static final long USAGE_LIMIT = VENDOR_DEFINED | 0x0200L;

  public static final long USAGE_COUNT = VENDOR_DEFINED | 0x0201L;

  /** Unique object id, the same on every copy and clone of an object (read-only). */
  public static final long OUID = VENDOR_DEFINED | 0x0113L;

  /**
   * Per-key authorization data (V1 partitions with policy 40): the engine keeps only a salted hash,
   * set through the per-key authorization commands; never readable, never in a template.
   */
  public static final long AUTH_DATA = VENDOR_DEFINED | 0x0211L;

  /** Set by the Crypto Officer's assign-key command: users may authorize and use the key. */
  public static final long ASSIGNED = VENDOR_DEFINED | 0x0214L;

  /** Consecutive failed authorizations of the key (engine-set; reset by the Crypto Officer). */
  public static final long FAILED_KEY_AUTH_COUNT = VENDOR_DEFINED | 0x0215L;

  /** Date the object became a token object (set by the engine; read-only). */
  public static final long DATE_MADE_PERSISTENT = VENDOR_DEFINED | 0x0212L;

  /**
   * The engine's internal encoding of private key material (PKCS#8). Always sensitive: never
   * returned by getAttributes, only used by mechanisms, SKS and cloning inside the engine.
   */
  public static final long PRIVATE_KEY_INFO = VENDOR_DEFINED | 0x0213L;

  /**
   * Engine-set: the caller asked explicitly for a secret key that both encrypts/decrypts data and
   * wraps/unwraps keys, and the partition allowed it (policy {@code
   * PartitionPolicies.DUAL_PURPOSE_KEYS}). Without it, a key with both kinds of usage is
   * uncommitted and its first use clears the other kind (see {@link KeyPurpose}).
   */
  public static final long DUAL_PURPOSE = VENDOR_DEFINED | 0x0216L;
}
