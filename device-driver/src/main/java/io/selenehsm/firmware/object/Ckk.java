package io.selenehsm.firmware.object;

/** PKCS#11 key types (CKK_*). */
public final class Ckk {
  private Ckk() {}

  public static final long RSA = 0x0000L;
  public static final long DSA = 0x0001L;
  public static final long DH = 0x0002L;
  public static final long EC = 0x0003L;
  public static final long GENERIC_SECRET = 0x0010L;
  public static final long DES2 = 0x0014L;
  public static final long DES3 = 0x0015L;
  public static final long AES = 0x001FL;
  public static final long EC_EDWARDS = 0x0040L;
  public static final long EC_MONTGOMERY = 0x0041L;
  public static final long ML_KEM = 0x0049L;
  public static final long ML_DSA = 0x004AL;

  public static boolean isSecret(long type) {
    return type == GENERIC_SECRET || type == DES2 || type == DES3 || type == AES;
  }
}
