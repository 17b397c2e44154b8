package io.selenehsm.provider.spi;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Hash;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.MechanismParams;
import io.selenehsm.firmware.mech.PssParams;
import io.selenehsm.firmware.mech.SignatureFormatParams;
import io.selenehsm.firmware.rc.HsmException;
import java.security.InvalidAlgorithmParameterException;
import java.security.SignatureException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a JCA signature algorithm maps onto an engine mechanism: a fixed mechanism and parameters,
 * RSASSA-PSS whose mechanism follows the caller's PSSParameterSpec, or raw X9.31 whose input
 * carries a trailer to strip.
 */
final class SignatureScheme {
  enum Kind {
    FIXED,
    PSS,
    X931_RAW
  }

  private static final Map<Hash, Long> PSS_MECHANISMS = new EnumMap<>(Hash.class);

  static {
    PSS_MECHANISMS.put(Hash.SHA1, Ckm.SHA1_RSA_PKCS_PSS);
    PSS_MECHANISMS.put(Hash.SHA224, Ckm.SHA224_RSA_PKCS_PSS);
    PSS_MECHANISMS.put(Hash.SHA256, Ckm.SHA256_RSA_PKCS_PSS);
    PSS_MECHANISMS.put(Hash.SHA384, Ckm.SHA384_RSA_PKCS_PSS);
    PSS_MECHANISMS.put(Hash.SHA512, Ckm.SHA512_RSA_PKCS_PSS);
    PSS_MECHANISMS.put(Hash.SHA3_224, Ckm.SHA3_224_RSA_PKCS_PSS);
    PSS_MECHANISMS.put(Hash.SHA3_256, Ckm.SHA3_256_RSA_PKCS_PSS);
    PSS_MECHANISMS.put(Hash.SHA3_384, Ckm.SHA3_384_RSA_PKCS_PSS);
    PSS_MECHANISMS.put(Hash.SHA3_512, Ckm.SHA3_512_RSA_PKCS_PSS);
  }

  /**
   * The most EdDSA input the HSM signs in one piece: its native Ed25519/Ed448 primitive (ACCP)
   * buffers at most 1 MiB, and PKCS#11 EdDSA is single-part by definition.
   */
  static final int EDDSA_MAX_INPUT = 1 << 20;

  /** Not looked up yet. */
  private static final long UNKNOWN = Long.MIN_VALUE;

  final Kind kind;

  /**
   * CKK_* the mechanism takes, asked of the slot once (UNKNOWN until then); schemes are shared by
   * every Signature of a service, and two first callers may both ask (a benign race).
   */
  private volatile long keyType = UNKNOWN;

  private volatile String name;
  private final long mechanism;
  private final MechanismParams params;

  /** The fixed mechanism, validated once (Mechanism is immutable); null until first used. */
  private volatile Mechanism fixedMechanism;

  private SignatureScheme(Kind kind, long mechanism, MechanismParams params) {
    this.kind = kind;
    this.mechanism = mechanism;
    this.params = params;
  }

  static SignatureScheme fixed(long mechanism) {
    return new SignatureScheme(Kind.FIXED, mechanism, null);
  }

  static SignatureScheme fixed(long mechanism, MechanismParams params) {
    return new SignatureScheme(Kind.FIXED, mechanism, params);
  }

  /** DER-encoded (r, s): what JCA's ECDSA/DSA names produce. */
  static SignatureScheme der(long mechanism) {
    return fixed(mechanism, SignatureFormatParams.DER);
  }

  /** RSA-PSS with the digest's defaults: MGF1 with the same hash, salt as long as the hash. */
  static SignatureScheme pssDefaults(Hash h) {
    return fixed(PSS_MECHANISMS.get(h), new PssParams(h, h, h.length()));
  }

  static SignatureScheme pss() {
    return new SignatureScheme(Kind.PSS, Ckm.RSA_PKCS_PSS, null);
  }

  static SignatureScheme x931Raw() {
    return new SignatureScheme(Kind.X931_RAW, Ckm.RSA_X9_31, null);
  }

  /** Whether the mechanism has no multi-part form (EdDSA). */
  boolean oneShot() {
    return mechanism == Ckm.EDDSA;
  }

  /** The most input one operation takes, or -1 for no limit of the provider's own. */
  long maxInput() {
    return oneShot() ? EDDSA_MAX_INPUT : -1;
  }

  /** The mechanism's name as the slot reports it (a hex id before the first lookup). */
  String mechanismName() {
    String n = name;
    return n != null ? n : String.format(java.util.Locale.ROOT, "mechanism 0x%x", mechanism);
  }

  /**
   * The key type the mechanism takes, or -1 when the slot cannot tell (then the engine checks at
   * the first operation).
   */
  long keyType(io.selenehsm.device.Slot slot) {
    long t = keyType;
    if (t == UNKNOWN) {
      try {
        io.selenehsm.firmware.mech.MechanismInfo info = slot.mechanismInfo(mechanism);
        name = info.name();
        t = info.keyType();
        keyType = t;
      } catch (HsmException | RuntimeException e) {
        return -1;
      }
    }
    return t;
  }

  /** The mechanism for one operation; PSS needs the caller's parameters. */
  Mechanism mechanism(PSSParameterSpec pss) throws HsmException, SignatureException {
    if (kind == Kind.PSS) {
      if (pss == null) {
        throw new SignatureException("RSASSA-PSS needs a PSSParameterSpec (setParameter)");
      }
      PssParams p = pssParams(pss);
      return Mechanism.of(PSS_MECHANISMS.get(p.hash()), p);
    }
    Mechanism m = fixedMechanism;
    if (m == null) {
      m = params == null ? Mechanism.of(mechanism) : Mechanism.of(mechanism, params);
      fixedMechanism = m;
    }
    return m;
  }

  static PssParams pssParams(PSSParameterSpec spec) throws SignatureException {
    try {
      Hash hash = Hashes.byName(spec.getDigestAlgorithm());
      if (!"MGF1".equalsIgnoreCase(spec.getMGFAlgorithm())) {
        throw new SignatureException(
            "mask generation " + spec.getMGFAlgorithm() + " is not supported; only MGF1");
      }
      AlgorithmParameterSpec mgf = spec.getMGFParameters();
      Hash mgfHash =
          mgf instanceof MGF1ParameterSpec m ? Hashes.byName(m.getDigestAlgorithm()) : hash;
      if (spec.getTrailerField() != PSSParameterSpec.TRAILER_FIELD_BC) {
        throw new SignatureException(
            "PSS trailer field " + spec.getTrailerField() + " is not supported; only 1");
      }
      return new PssParams(hash, mgfHash, spec.getSaltLength());
    } catch (InvalidAlgorithmParameterException e) {
      throw new SignatureException(e.getMessage(), e);
    }
  }

  /**
   * The engine's input: raw X9.31 takes the hash alone, so the caller's "hash || trailer" is
   * checked and the 2-byte trailer (hash id, 0xCC) removed.
   */
  byte[] prepare(byte[] data) throws SignatureException {
    if (kind != Kind.X931_RAW) {
      return data;
    }
    if (data.length < 3 || (data[data.length - 1] & 0xff) != 0xCC) {
      throw new SignatureException(
          "NONEwithX9_31RSA input must be a hash followed by the"
              + " 2-byte X9.31 trailer (hash id, 0xCC); got "
              + data.length
              + " bytes");
    }
    byte[] hash = Arrays.copyOf(data, data.length - 2);
    int id = data[data.length - 2] & 0xff;
    for (Hash h : Hash.values()) {
      if (h.length() == hash.length && h.x931Id() == id) {
        return hash;
      }
    }
    throw new SignatureException(
        String.format(
            "X9.31 trailer hash id 0x%02x does not match a" + " %d-byte hash", id, hash.length));
  }
}
