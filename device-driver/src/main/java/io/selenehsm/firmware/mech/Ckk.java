package io.selenehsm.firmware.mech;

/** PKCS#11 key types ({@code CKK_*}); ML-KEM and ML-DSA as PKCS#11 3.2 numbers them. */
public final class Ckk {
  private Ckk() {}

  public static final long RSA = 0x00L;
  public static final long DSA = 0x01L;
  public static final long EC = 0x03L;
  public static final long GENERIC_SECRET = 0x10L;
  public static final long DES3 = 0x15L;
  public static final long AES = 0x1fL;
  public static final long EC_EDWARDS = 0x40L;
  public static final long EC_MONTGOMERY = 0x41L;
  public static final long ML_KEM = 0x49L;
  public static final long ML_DSA = 0x4aL;
}
