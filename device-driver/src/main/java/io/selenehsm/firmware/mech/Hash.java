package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;

/**
 * The hash functions mechanisms refer to, with the numbers PKCS#11 uses for them: the digest
 * mechanism ({@code CKM_SHA256}) and the MGF1 generator ({@code CKG_MGF1_SHA256}).
 */
public enum Hash {
  SHA1("SHA-1", 20, Ckm.SHA_1, 0x1, 0x33),
  SHA224("SHA-224", 28, Ckm.SHA224, 0x5, 0x38),
  SHA256("SHA-256", 32, Ckm.SHA256, 0x2, 0x34),
  SHA384("SHA-384", 48, Ckm.SHA384, 0x3, 0x36),
  SHA512("SHA-512", 64, Ckm.SHA512, 0x4, 0x35),
  SHA3_224("SHA3-224", 28, Ckm.SHA3_224, 0x9, -1),
  SHA3_256("SHA3-256", 32, Ckm.SHA3_256, 0x6, -1),
  SHA3_384("SHA3-384", 48, Ckm.SHA3_384, 0x7, -1),
  SHA3_512("SHA3-512", 64, Ckm.SHA3_512, 0x8, -1);

  private final String jcaName;
  private final int length;
  private final long digestMechanism;
  private final long mgf1Id;
  private final int x931Id;

  Hash(String jcaName, int length, long digestMechanism, long mgf1Id, int x931Id) {
    this.jcaName = jcaName;
    this.length = length;
    this.digestMechanism = digestMechanism;
    this.mgf1Id = mgf1Id;
    this.x931Id = x931Id;
  }

  /** The JCA standard name, e.g. {@code SHA-256}. */
  public String jcaName() {
    return jcaName;
  }

  /** The name as used inside JCA signature names, e.g. {@code SHA256} or {@code SHA3-256}. */
  public String signatureToken() {
    return jcaName.startsWith("SHA3") ? jcaName : jcaName.replace("-", "");
  }

  public int length() {
    return length;
  }

  public long digestMechanism() {
    return digestMechanism;
  }

  /** {@code CKG_MGF1_*}. */
  public long mgf1Id() {
    return mgf1Id;
  }

  /** The ANSI X9.31 hash identifier byte, or -1 when X9.31 defines none (SHA-3). */
  public int x931Id() {
    return x931Id;
  }

  public static Hash fromDigestMechanism(long ckm) throws HsmException {
    for (Hash h : values()) {
      if (h.digestMechanism == ckm) {
        return h;
      }
    }
    throw new HsmException(
        Ckr.MECHANISM_PARAM_INVALID,
        String.format("hash mechanism 0x%x is not a supported hash", ckm));
  }

  public static Hash fromMgf1(long ckg) throws HsmException {
    for (Hash h : values()) {
      if (h.mgf1Id == ckg) {
        return h;
      }
    }
    throw new HsmException(
        Ckr.MECHANISM_PARAM_INVALID,
        String.format("MGF 0x%x is not a supported MGF1 generator", ckg));
  }
}
