package io.selenehsm.firmware.mech;

/** The implementation family of a mechanism: which operation class serves it. */
enum Family {
  RSA_PKCS1_SIGN,
  RSA_PKCS1_RAW_SIGN,
  RSA_PSS,
  RSA_X931,
  RSA_X509,
  RSA_PKCS1_CIPHER,
  RSA_OAEP,
  ECDSA,
  EDDSA,
  DSA,
  ML_DSA,
  HMAC,
  CMAC,
  GMAC,
  BLOCK_CIPHER,
  AES_GCM,
  AES_CTR,
  AES_KW,
  AES_KWP,
  DIGEST,
  ECDH,
  SP800_108,
  PBKDF2,
  HASH_DERIVE,
  ML_KEM,
  KEY_GEN,
  KEY_PAIR_GEN,
  DRBG
}
