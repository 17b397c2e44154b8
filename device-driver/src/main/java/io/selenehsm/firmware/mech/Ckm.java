package io.selenehsm.firmware.mech;

/**
 * PKCS#11 mechanism type numbers ({@code CKM_*}). Standard values come from PKCS#11 2.40/3.0 and,
 * for ML-DSA/ML-KEM, 3.2. Values at or above {@link #VENDOR_DEFINED} are Selene's own and carry a
 * comment saying what they stand for.
 */
public final class Ckm {
  private Ckm() {}

  public static final long RSA_PKCS_KEY_PAIR_GEN = 0x0000L;
  public static final long RSA_PKCS = 0x0001L;
  public static final long RSA_X_509 = 0x0003L;
  public static final long SHA1_RSA_PKCS = 0x0006L;
  public static final long RSA_PKCS_OAEP = 0x0009L;
  public static final long RSA_X9_31_KEY_PAIR_GEN = 0x000aL;
  public static final long RSA_X9_31 = 0x000bL;
  public static final long SHA1_RSA_X9_31 = 0x000cL;
  public static final long RSA_PKCS_PSS = 0x000dL;
  public static final long SHA1_RSA_PKCS_PSS = 0x000eL;

  /** PKCS#11 3.2. */
  public static final long ML_KEM_KEY_PAIR_GEN = 0x000fL;

  public static final long DSA_KEY_PAIR_GEN = 0x0010L;
  public static final long DSA = 0x0011L;
  public static final long DSA_SHA1 = 0x0012L;
  public static final long DSA_SHA224 = 0x0013L;
  public static final long DSA_SHA256 = 0x0014L;
  public static final long DSA_SHA384 = 0x0015L;
  public static final long DSA_SHA512 = 0x0016L;

  /** PKCS#11 3.2. */
  public static final long ML_KEM = 0x0017L;

  /** PKCS#11 3.2. */
  public static final long ML_DSA_KEY_PAIR_GEN = 0x001cL;

  /** PKCS#11 3.2 (pure ML-DSA, optional context). */
  public static final long ML_DSA = 0x001dL;

  public static final long SHA256_RSA_PKCS = 0x0040L;
  public static final long SHA384_RSA_PKCS = 0x0041L;
  public static final long SHA512_RSA_PKCS = 0x0042L;
  public static final long SHA256_RSA_PKCS_PSS = 0x0043L;
  public static final long SHA384_RSA_PKCS_PSS = 0x0044L;
  public static final long SHA512_RSA_PKCS_PSS = 0x0045L;
  public static final long SHA224_RSA_PKCS = 0x0046L;
  public static final long SHA224_RSA_PKCS_PSS = 0x0047L;
  public static final long SHA3_256_RSA_PKCS = 0x0060L;
  public static final long SHA3_384_RSA_PKCS = 0x0061L;
  public static final long SHA3_512_RSA_PKCS = 0x0062L;
  public static final long SHA3_256_RSA_PKCS_PSS = 0x0063L;
  public static final long SHA3_384_RSA_PKCS_PSS = 0x0064L;
  public static final long SHA3_512_RSA_PKCS_PSS = 0x0065L;
  public static final long SHA3_224_RSA_PKCS = 0x0066L;
  public static final long SHA3_224_RSA_PKCS_PSS = 0x0067L;

  public static final long DES3_KEY_GEN = 0x0131L;
  public static final long DES3_ECB = 0x0132L;
  public static final long DES3_CBC = 0x0133L;
  public static final long DES3_CBC_PAD = 0x0136L;
  public static final long DES3_CMAC_GENERAL = 0x0137L;
  public static final long DES3_CMAC = 0x0138L;

  public static final long SHA_1 = 0x0220L;
  public static final long SHA_1_HMAC = 0x0221L;
  public static final long SHA_1_HMAC_GENERAL = 0x0222L;
  public static final long SHA256 = 0x0250L;
  public static final long SHA256_HMAC = 0x0251L;
  public static final long SHA256_HMAC_GENERAL = 0x0252L;
  public static final long SHA224 = 0x0255L;
  public static final long SHA224_HMAC = 0x0256L;
  public static final long SHA224_HMAC_GENERAL = 0x0257L;
  public static final long SHA384 = 0x0260L;
  public static final long SHA384_HMAC = 0x0261L;
  public static final long SHA384_HMAC_GENERAL = 0x0262L;
  public static final long SHA512 = 0x0270L;
  public static final long SHA512_HMAC = 0x0271L;
  public static final long SHA512_HMAC_GENERAL = 0x0272L;
  public static final long SHA3_256 = 0x02b0L;
  public static final long SHA3_256_HMAC = 0x02b1L;
  public static final long SHA3_256_HMAC_GENERAL = 0x02b2L;
  public static final long SHA3_224 = 0x02b5L;
  public static final long SHA3_224_HMAC = 0x02b6L;
  public static final long SHA3_224_HMAC_GENERAL = 0x02b7L;
  public static final long SHA3_384 = 0x02c0L;
  public static final long SHA3_384_HMAC = 0x02c1L;
  public static final long SHA3_384_HMAC_GENERAL = 0x02c2L;
  public static final long SHA3_512 = 0x02d0L;
  public static final long SHA3_512_HMAC = 0x02d1L;
  public static final long SHA3_512_HMAC_GENERAL = 0x02d2L;

  public static final long GENERIC_SECRET_KEY_GEN = 0x0350L;
  public static final long SHA1_KEY_DERIVATION = 0x0392L;
  public static final long SHA256_KEY_DERIVATION = 0x0393L;
  public static final long SHA384_KEY_DERIVATION = 0x0394L;
  public static final long SHA512_KEY_DERIVATION = 0x0395L;
  public static final long SHA224_KEY_DERIVATION = 0x0396L;
  public static final long SP800_108_COUNTER_KDF = 0x03acL;
  public static final long PKCS5_PBKD2 = 0x03b0L;

  public static final long EC_KEY_PAIR_GEN = 0x1040L;
  public static final long ECDSA = 0x1041L;
  public static final long ECDSA_SHA1 = 0x1042L;
  public static final long ECDSA_SHA224 = 0x1043L;
  public static final long ECDSA_SHA256 = 0x1044L;
  public static final long ECDSA_SHA384 = 0x1045L;
  public static final long ECDSA_SHA512 = 0x1046L;
  public static final long ECDSA_SHA3_224 = 0x1047L;
  public static final long ECDSA_SHA3_256 = 0x1048L;
  public static final long ECDSA_SHA3_384 = 0x1049L;
  public static final long ECDSA_SHA3_512 = 0x104aL;
  public static final long ECDH1_DERIVE = 0x1050L;
  public static final long ECDH1_COFACTOR_DERIVE = 0x1051L;
  public static final long EC_EDWARDS_KEY_PAIR_GEN = 0x1055L;
  public static final long EC_MONTGOMERY_KEY_PAIR_GEN = 0x1056L;
  public static final long EDDSA = 0x1057L;

  public static final long AES_KEY_GEN = 0x1080L;
  public static final long AES_ECB = 0x1081L;
  public static final long AES_CBC = 0x1082L;
  public static final long AES_CBC_PAD = 0x1085L;
  public static final long AES_CTR = 0x1086L;
  public static final long AES_GCM = 0x1087L;
  public static final long AES_CMAC = 0x108aL;
  public static final long AES_CMAC_GENERAL = 0x108bL;
  public static final long AES_GMAC = 0x108eL;
  public static final long DSA_PARAMETER_GEN = 0x2000L;

  /** RFC 3394. */
  public static final long AES_KEY_WRAP = 0x2109L;

  /** RFC 5649 (PKCS#11 3.0 CKM_AES_KEY_WRAP_KWP). */
  public static final long AES_KEY_WRAP_KWP = 0x210bL;

  public static final long VENDOR_DEFINED = 0x80000000L;

  /** Selene: ANSI X9.31 signature with SHA-224 (PKCS#11 defines only the SHA-1 variant). */
  public static final long SHA224_RSA_X9_31 = 0x80000101L;

  /** Selene: ANSI X9.31 signature with SHA-256. */
  public static final long SHA256_RSA_X9_31 = 0x80000102L;

  /** Selene: ANSI X9.31 signature with SHA-384. */
  public static final long SHA384_RSA_X9_31 = 0x80000103L;

  /** Selene: ANSI X9.31 signature with SHA-512. */
  public static final long SHA512_RSA_X9_31 = 0x80000104L;

  /** Selene: SP 800-90A HMAC_DRBG (SHA-512). */
  public static final long SP800_90A_HMAC_DRBG = 0x80000110L;

  /** Selene: SP 800-90A CTR_DRBG (AES-256). */
  public static final long SP800_90A_CTR_DRBG = 0x80000111L;
}
