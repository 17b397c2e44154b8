package io.selenehsm.provider.spi;

import io.selenehsm.firmware.GeneratedKeyPair;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.internal.Templates;
import io.selenehsm.provider.internal.Token;
import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidParameterException;
import java.security.KeyPair;
import java.security.KeyPairGeneratorSpi;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;

/**
 * Generates key pairs inside the HSM as session objects of the working partition (the one the
 * application logged in to). The random source a caller passes is not used: the HSM's DRBG is.
 */
final class SeleneKeyPairGenerator extends KeyPairGeneratorSpi {
  /** The key families, each with its generation mechanism and default size or set. */
  enum Family {
    RSA,
    EC,
    EDDSA,
    XDH,
    DSA,
    ML_DSA,
    ML_KEM
  }

  private static final List<String> NAMED_EC_CURVES =
      List.of(
          "secp256r1",
          "secp384r1",
          "secp521r1",
          "secp224r1",
          "secp256k1",
          "brainpoolP256r1",
          "brainpoolP384r1",
          "brainpoolP512r1");

  private final SeleneContext context;
  private final Family family;
  private int bits;
  private BigInteger exponent = RSAKeyGenParameterSpec.F4;
  private String curve;
  private int parameterSet;

  /** The public template for the current parameters, built at the first generation after init. */
  private Attributes publicTemplate;

  /** The private template and the extractable default it was built for. */
  private Attributes privateTemplate;

  private boolean privateTemplateExtractable;

  /** The curve or parameter set the algorithm name fixes (Ed25519, ML-KEM-768), or null. */
  private final String fixed;

  SeleneKeyPairGenerator(SeleneContext context, Family family, String fixed) {
    this.context = context;
    this.family = family;
    this.fixed = fixed;
    switch (family) {
      case RSA, DSA -> bits = 2048;
      case EC -> curve = "secp256r1";
      case EDDSA -> curve = fixed != null ? fixed : "Ed25519";
      case XDH -> curve = fixed != null ? fixed : "X25519";
      case ML_DSA -> parameterSet = fixed != null ? setNumber(fixed) : 65;
      case ML_KEM -> parameterSet = fixed != null ? setNumber(fixed) : 768;
      default -> throw new IllegalStateException("unreachable");
    }
  }

  private static int setNumber(String name) {
    return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
  }

  @Override
  public void initialize(int keysize, SecureRandom random) {
    publicTemplate = null;
    switch (family) {
      case RSA, DSA -> bits = checkBits(keysize);
      case EC ->
          curve =
              switch (keysize) {
                case 224 -> "secp224r1";
                case 256 -> "secp256r1";
                case 384 -> "secp384r1";
                case 521 -> "secp521r1";
                default ->
                    throw new InvalidParameterException(
                        "EC key size "
                            + keysize
                            + " has no standard curve; use 224, 256, 384 or 521, or an"
                            + " ECGenParameterSpec");
              };
      case EDDSA -> curve = edwardsOrMontgomery(keysize, "Ed25519", "Ed448");
      case XDH -> curve = edwardsOrMontgomery(keysize, "X25519", "X448");
      default ->
          throw new InvalidParameterException(
              family
                  + " keys are sized by parameter"
                  + " set; use NamedParameterSpec or the algorithm name (e.g. ML-DSA-65)");
    }
  }

  private static String edwardsOrMontgomery(int keysize, String small, String large) {
    if (keysize == 255) {
      return small;
    }
    if (keysize == 448) {
      return large;
    }
    throw new InvalidParameterException("key size " + keysize + " must be 255 or 448");
  }

  @Override
  public void initialize(AlgorithmParameterSpec params, SecureRandom random)
      throws InvalidAlgorithmParameterException {
    publicTemplate = null;
    if (family == Family.RSA && params instanceof RSAKeyGenParameterSpec r) {
      BigInteger e = r.getPublicExponent();
      if (e == null || e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
        throw new InvalidAlgorithmParameterException(
            "RSA public exponent " + e + " must be odd and at least 3");
      }
      try {
        bits = checkBits(r.getKeysize());
      } catch (InvalidParameterException x) {
        throw new InvalidAlgorithmParameterException(x.getMessage(), x);
      }
      exponent = e;
    } else if (family == Family.EC && params instanceof ECGenParameterSpec g) {
      try {
        curveOid(g.getName());
      } catch (HsmException e) {
        throw Errors.invalidParameter(e);
      }
      curve = g.getName();
    } else if (family == Family.EC && params instanceof ECParameterSpec p) {
      curve = curveOf(p);
    } else if ((family == Family.EDDSA || family == Family.XDH)
        && params instanceof NamedParameterSpec n
        && !(params instanceof ECGenParameterSpec)) {
      curve =
          named(
              n.getName(),
              family == Family.EDDSA ? List.of("Ed25519", "Ed448") : List.of("X25519", "X448"));
    } else if ((family == Family.ML_DSA || family == Family.ML_KEM)
        && params instanceof NamedParameterSpec n
        && !(params instanceof ECGenParameterSpec)) {
      String prefix = family == Family.ML_DSA ? "ML-DSA-" : "ML-KEM-";
      List<String> sets =
          family == Family.ML_DSA ? List.of("44", "65", "87") : List.of("512", "768", "1024");
      parameterSet = setNumber(named(n.getName(), sets.stream().map(x -> prefix + x).toList()));
    } else {
      throw new InvalidAlgorithmParameterException(
          (params == null ? "null" : params.getClass().getSimpleName())
              + " does not configure "
              + family
              + " keys");
    }
  }

  /**
   * {@code name} when it is one of {@code allowed} (ignoring case) and agrees with the algorithm
   * the generator was asked for by name (an Ed25519 generator makes no Ed448 keys).
   */
  private String named(String name, List<String> allowed)
      throws InvalidAlgorithmParameterException {
    for (String a : allowed) {
      if (a.equalsIgnoreCase(name)) {
        if (fixed != null && !fixed.equalsIgnoreCase(a)) {
          throw new InvalidAlgorithmParameterException(
              "this " + fixed + " generator cannot" + " make " + a + " keys");
        }
        return a;
      }
    }
    throw new InvalidAlgorithmParameterException(
        "parameters " + name + " are not one of " + allowed);
  }

  /** RSA and DSA sizes within what the HSM's key pair mechanism takes. */
  private int checkBits(int keysize) {
    int min = family == Family.RSA ? 1024 : 2048;
    int max = family == Family.RSA ? 8192 : 3072;
    try {
      io.selenehsm.firmware.mech.MechanismInfo info =
          context.workingToken().slot().mechanismInfo(mechanism());
      min = info.minKeyBits();
      max = info.maxKeyBits();
    } catch (HsmException | RuntimeException e) {
      // The slot cannot tell: keep the engine catalogue's bounds above.
    }
    if (keysize < min || keysize > max) {
      throw new InvalidParameterException(
          family + " key size " + keysize + " bits: must be " + min + " to " + max);
    }
    return keysize;
  }

  /** The name of a standard curve equal to {@code p}. */
  private static String curveOf(ECParameterSpec p) throws InvalidAlgorithmParameterException {
    for (String name : NAMED_EC_CURVES) {
      try {
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC", "SunEC");
        ap.init(new ECGenParameterSpec(name));
        ECParameterSpec named = ap.getParameterSpec(ECParameterSpec.class);
        if (named.getCurve().equals(p.getCurve())
            && named.getGenerator().equals(p.getGenerator())
            && named.getOrder().equals(p.getOrder())) {
          return name;
        }
      } catch (GeneralSecurityException e) {
        // This JDK lacks the curve; try the next one.
      }
    }
    throw new InvalidAlgorithmParameterException(
        "the EC parameters are not a named curve" + " Selene supports");
  }

  @Override
  public KeyPair generateKeyPair() {
    try {
      Token token = context.workingToken();
      long type = keyType();
      if (publicTemplate == null) {
        publicTemplate = publicTemplate(type); // immutable: reused until the next init
      }
      Attributes pub = publicTemplate;
      Attributes priv = privateTemplate(type);
      Mechanism m = Mechanism.of(mechanism());
      // One call: the answer carries both halves' readable attributes for the key objects.
      GeneratedKeyPair made =
          token.withObjectSession((s, h) -> s.generateKeyPairObjects(h, m, pub, priv));
      return KeyAccess.ownedPair(token, made);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  /**
   * The private template for the current defaults: built once and kept while the one default it
   * follows (private keys extractable) stays as it is, rebuilt when that changes.
   */
  private Attributes privateTemplate(long type) {
    boolean extractable = context.defaults().privateExtractable();
    Attributes t = privateTemplate;
    if (t == null || privateTemplateExtractable != extractable) {
      t = privateTemplate = Templates.privateKey(context.defaults(), type).build();
      privateTemplateExtractable = t.bool(Cka.EXTRACTABLE, false);
    }
    return t;
  }

  private long keyType() {
    return switch (family) {
      case RSA -> Ckk.RSA;
      case EC -> Ckk.EC;
      case EDDSA -> Ckk.EC_EDWARDS;
      case XDH -> Ckk.EC_MONTGOMERY;
      case DSA -> Ckk.DSA;
      case ML_DSA -> Ckk.ML_DSA;
      case ML_KEM -> Ckk.ML_KEM;
    };
  }

  private long mechanism() {
    return switch (family) {
      case RSA -> Ckm.RSA_PKCS_KEY_PAIR_GEN;
      case EC -> Ckm.EC_KEY_PAIR_GEN;
      case EDDSA -> Ckm.EC_EDWARDS_KEY_PAIR_GEN;
      case XDH -> Ckm.EC_MONTGOMERY_KEY_PAIR_GEN;
      case DSA -> Ckm.DSA_KEY_PAIR_GEN;
      case ML_DSA -> Ckm.ML_DSA_KEY_PAIR_GEN;
      case ML_KEM -> Ckm.ML_KEM_KEY_PAIR_GEN;
    };
  }

  private Attributes publicTemplate(long type) throws HsmException {
    Attributes.Builder b = Templates.publicKey(type);
    switch (family) {
      case RSA ->
          b.set(Cka.MODULUS_BITS, (long) bits).set(Cka.PUBLIC_EXPONENT, exponent.toByteArray());
      case DSA -> b.set(Cka.MODULUS_BITS, (long) bits);
      case EC -> b.set(Cka.EC_PARAMS, curveOid(curve));
      case EDDSA, XDH -> b.set(Cka.EC_PARAMS, curveOid(curve));
      case ML_DSA, ML_KEM -> b.set(Cka.PARAMETER_SET, (long) parameterSet);
      default -> throw new IllegalStateException("unreachable");
    }
    return b.build();
  }

  /** DER OID of a named curve (NIST, SEC, brainpool names; Ed/X 25519 and 448). */
  private static byte[] curveOid(String name) throws HsmException {
    String oid =
        switch (name.toLowerCase(Locale.ROOT)) {
          case "ed25519" -> "1.3.101.112";
          case "ed448" -> "1.3.101.113";
          case "x25519" -> "1.3.101.110";
          case "x448" -> "1.3.101.111";
          default -> {
            ASN1ObjectIdentifier id = ECNamedCurveTable.getOID(name);
            if (id == null) {
              id = ECNamedCurveTable.getOID(name.replace("NIST ", ""));
            }
            yield id == null ? null : id.getId();
          }
        };
    if (oid == null) {
      throw new HsmException(
          io.selenehsm.firmware.rc.Ckr.CURVE_NOT_SUPPORTED,
          "curve " + name + " is not one Selene knows");
    }
    try {
      return new ASN1ObjectIdentifier(oid).getEncoded();
    } catch (IOException e) {
      throw new HsmException(io.selenehsm.firmware.rc.Ckr.GENERAL_ERROR, "cannot encode " + oid, e);
    }
  }
}
