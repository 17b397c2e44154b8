package io.selenehsm.firmware.object;

/** PKCS#11 object classes (CKO_*). */
public final class Cko {
  private Cko() {}

  public static final long DATA = 0x0000L;
  public static final long CERTIFICATE = 0x0001L;
  public static final long PUBLIC_KEY = 0x0002L;
  public static final long PRIVATE_KEY = 0x0003L;
  public static final long SECRET_KEY = 0x0004L;

  public static boolean isKey(long cls) {
    return cls == PUBLIC_KEY || cls == PRIVATE_KEY || cls == SECRET_KEY;
  }
}
