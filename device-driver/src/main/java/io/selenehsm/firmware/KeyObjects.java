package io.selenehsm.firmware;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.KeyDecoder;
import io.selenehsm.firmware.mech.KeyPairSpec;
import io.selenehsm.firmware.mech.KeyProfile;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.DeferredValue;
import io.selenehsm.firmware.object.HsmObject;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.DSAParams;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;

/**
 * The bridge between key objects and JCA keys: the attributes a generated or imported key gets, the
 * key-pair spec a public template asks for, and the decoded key an object stands for (cached on the
 * object, so the hot path decodes once).
 */
final class KeyObjects {
  private KeyObjects() {}

  private static final Map<String, String> EDWARDS_OIDS =
      Map.of("1.3.101.112", "Ed25519", "1.3.101.113", "Ed448");
  private static final Map<String, String> MONTGOMERY_OIDS =
      Map.of("1.3.101.110", "X25519", "1.3.101.111", "X448");

  /**
   * A decoded key and its profile (type, size, curve), cached together on the object: the mechanism
   * checks read the profile instead of inspecting the key on every operation.
   */
  static final class Decoded {
    private final Key key;

    /**
     * Worked out at the first operation, not when the key is cached: a generated key pair that is
     * never used (or used for one kind of operation) does not pay for reading its parameters (for
     * an ACCP EC key a native call). Two threads racing compute equal values.
     */
    private volatile KeyProfile profile;

    private Decoded(Key key) {
      this.key = key;
    }

    static Decoded of(Key key) {
      return new Decoded(key);
    }

    Key key() {
      return key;
    }

    KeyProfile profile() {
      KeyProfile p = profile;
      if (p == null) {
        p = profile = KeyProfile.of(key);
      }
      return p;
    }
  }

  /** The JCA key an object holds; decoded once and cached on the object. */
  static Key decode(HsmObject o) throws HsmException {
    return decoded(o).key();
  }

  /** Caches a key the engine already holds (a freshly generated pair) on its object. */
  static void cache(HsmObject o, Key key) {
    o.decodedCache().compareAndSet(null, Decoded.of(key));
  }

  /** The JCA key an object holds with its profile; decoded once and cached on the object. */
  static Decoded decoded(HsmObject o) throws HsmException {
    Object cached = o.decodedCache().get();
    if (cached instanceof Decoded d) {
      return d;
    }
    Attributes a = o.attributes();
    long cls = o.objectClass();
    Key key;
    if (cls == Cko.SECRET_KEY) {
      key = KeyDecoder.secretKey(o.keyType(), a.get(Cka.VALUE));
    } else if (cls == Cko.PRIVATE_KEY) {
      key = KeyDecoder.privateKey(o.keyType(), a.get(Cka.PRIVATE_KEY_INFO));
    } else if (cls == Cko.PUBLIC_KEY) {
      byte[] spki = a.get(Cka.PUBLIC_KEY_INFO);
      if (spki == null) {
        throw new HsmException(
            Ckr.KEY_TYPE_INCONSISTENT,
            "public key object " + o.handle() + " has no CKA_PUBLIC_KEY_INFO");
      }
      key = KeyDecoder.publicKey(o.keyType(), spki);
    } else {
      throw new HsmException(Ckr.KEY_HANDLE_INVALID, "object " + o.handle() + " is not a key");
    }
    Decoded d = Decoded.of(key);
    return o.decodedCache().compareAndSet(null, d) ? d : (Decoded) o.decodedCache().get();
  }

  /** Attributes describing a public key: SPKI plus the type-specific public values. */
  static Attributes.Builder publicAttributes(long keyType, PublicKey pub) throws HsmException {
    Attributes.Builder b = Attributes.builder();
    byte[] spki = pub.getEncoded();
    b.set(Cka.PUBLIC_KEY_INFO, spki);
    if (pub instanceof RSAPublicKey r) {
      b.set(Cka.MODULUS, unsigned(r.getModulus()));
      b.set(Cka.PUBLIC_EXPONENT, unsigned(r.getPublicExponent()));
      b.set(Cka.MODULUS_BITS, (long) r.getModulus().bitLength());
    } else if (pub instanceof DSAPublicKey d) {
      DSAParams p = d.getParams();
      b.set(Cka.PRIME, unsigned(p.getP()))
          .set(Cka.SUBPRIME, unsigned(p.getQ()))
          .set(Cka.BASE, unsigned(p.getG()))
          .set(Cka.VALUE, unsigned(d.getY()));
    } else if (keyType == Ckk.EC || keyType == Ckk.EC_EDWARDS || keyType == Ckk.EC_MONTGOMERY) {
      SpkiReader.Parts parts = SpkiReader.read(spki);
      byte[] ecParams = parts == null ? null : keyType == Ckk.EC ? parts.parameters() : parts.oid();
      if (ecParams != null) {
        // The plain DER shape every provider writes: the values without an ASN.1 object tree.
        b.set(Cka.EC_PARAMS, ecParams);
        b.set(Cka.EC_POINT, SpkiReader.octetString(parts.keyBits()));
        return b;
      }
      try {
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
        ASN1Primitive params =
            keyType == Ckk.EC
                ? info.getAlgorithm().getParameters().toASN1Primitive()
                : info.getAlgorithm().getAlgorithm();
        b.set(Cka.EC_PARAMS, params.getEncoded());
        b.set(Cka.EC_POINT, new DEROctetString(info.getPublicKeyData().getBytes()).getEncoded());
      } catch (IOException | RuntimeException e) {
        throw new HsmException(Ckr.GENERAL_ERROR, "cannot encode the EC public key", e);
      }
    } else if (keyType == Ckk.ML_DSA || keyType == Ckk.ML_KEM) {
      SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
      b.set(Cka.VALUE, info.getPublicKeyData().getBytes());
    }
    return b;
  }

  /** The private half's material and public values (PKCS#8 plus what the public half says). */
  static Attributes.Builder privateAttributes(long keyType, PrivateKey priv, PublicKey pub)
      throws HsmException {
    Attributes.Builder b = Attributes.builder();
    putPrivateAttributes(b, priv, pub == null ? null : publicAttributes(keyType, pub).build());
    return b;
  }

  /** The public values a private key object repeats from its public half. */
  private static final long[] SHARED_PUBLIC_VALUES = {
    Cka.MODULUS,
    Cka.PUBLIC_EXPONENT,
    Cka.EC_PARAMS,
    Cka.PUBLIC_KEY_INFO,
    Cka.PRIME,
    Cka.SUBPRIME,
    Cka.BASE
  };

  /**
   * Adds the private half's material and the public values of {@code publicPart} (the public half's
   * attributes from {@link #publicAttributes}, null when unknown) to {@code b}.
   */
  static void putPrivateAttributes(Attributes.Builder b, PrivateKey priv, Attributes publicPart)
      throws HsmException {
    if (publicPart != null) {
      b.putFrom(publicPart, SHARED_PUBLIC_VALUES);
    }
    byte[] pkcs8 = priv.getEncoded();
    if (pkcs8 == null) {
      throw new HsmException(Ckr.KEY_UNEXTRACTABLE, "the private key has no PKCS#8 encoding");
    }
    b.set(Cka.PRIVATE_KEY_INFO, pkcs8);
  }

  /**
   * As {@link #putPrivateAttributes} for a key the engine just generated, with the PKCS#8 encoding
   * deferred ({@link DeferredValue}): the engine keeps the key object itself (cached on the new
   * object), and the encoding is made only when something reads CKA_PRIVATE_KEY_INFO (a token
   * record, a wrap, an extract, a clone, a read the rules allow). The format is checked now, so a
   * key without a PKCS#8 encoding is refused at generation as before.
   */
  static void putGeneratedPrivateAttributes(
      Attributes.Builder b, PrivateKey priv, Attributes publicPart) throws HsmException {
    if (publicPart != null) {
      b.putFrom(publicPart, SHARED_PUBLIC_VALUES);
    }
    b.setDeferred(Cka.PRIVATE_KEY_INFO, deferredPrivateInfo(priv));
  }

  /**
   * The deferred CKA_PRIVATE_KEY_INFO of a key the engine just generated. The format is checked
   * now, so a key without a PKCS#8 encoding is refused at generation.
   */
  static DeferredValue deferredPrivateInfo(PrivateKey priv) throws HsmException {
    if (!"PKCS#8".equalsIgnoreCase(priv.getFormat())) {
      throw new HsmException(Ckr.KEY_UNEXTRACTABLE, "the private key has no PKCS#8 encoding");
    }
    return DeferredValue.of(priv::getEncoded);
  }

  /** The public values a private key object repeats from its public half (a copy). */
  static long[] sharedPublicValues() {
    return SHARED_PUBLIC_VALUES.clone();
  }

  /** The key type a PKCS#8 blob holds, from its algorithm OID. */
  static long keyTypeOfPkcs8(byte[] pkcs8) throws HsmException {
    try {
      String oid =
          PrivateKeyInfo.getInstance(pkcs8).getPrivateKeyAlgorithm().getAlgorithm().getId();
      return keyTypeOfOid(oid);
    } catch (RuntimeException e) {
      throw new HsmException(Ckr.WRAPPED_KEY_INVALID, "the key is not a PKCS#8 PrivateKeyInfo", e);
    }
  }

  private static long keyTypeOfOid(String oid) throws HsmException {
    return switch (oid) {
      case "1.2.840.113549.1.1.1" -> Ckk.RSA;
      case "1.2.840.10045.2.1" -> Ckk.EC;
      case "1.2.840.10040.4.1" -> Ckk.DSA;
      case "1.3.101.112", "1.3.101.113" -> Ckk.EC_EDWARDS;
      case "1.3.101.110", "1.3.101.111" -> Ckk.EC_MONTGOMERY;
      case "2.16.840.1.101.3.4.3.17", "2.16.840.1.101.3.4.3.18", "2.16.840.1.101.3.4.3.19" ->
          Ckk.ML_DSA;
      case "2.16.840.1.101.3.4.4.1", "2.16.840.1.101.3.4.4.2", "2.16.840.1.101.3.4.4.3" ->
          Ckk.ML_KEM;
      default ->
          throw new HsmException(
              Ckr.KEY_TYPE_INCONSISTENT, "key algorithm " + oid + " is not one this HSM stores");
    };
  }

  /** What key pair a C_GenerateKeyPair public template asks for. */
  static KeyPairSpec keyPairSpec(long mechanism, Attributes pub) throws HsmException {
    if (mechanism == Ckm.RSA_PKCS_KEY_PAIR_GEN || mechanism == Ckm.RSA_X9_31_KEY_PAIR_GEN) {
      if (!pub.has(Cka.MODULUS_BITS)) {
        throw new HsmException(
            Ckr.TEMPLATE_INCOMPLETE, "RSA key generation needs CKA_MODULUS_BITS");
      }
      byte[] e = pub.get(Cka.PUBLIC_EXPONENT);
      BigInteger exp = e == null || e.length == 0 ? KeyPairSpec.Rsa.F4 : new BigInteger(1, e);
      return new KeyPairSpec.Rsa((int) pub.ulong(Cka.MODULUS_BITS, 0), exp);
    }
    if (mechanism == Ckm.EC_KEY_PAIR_GEN) {
      return new KeyPairSpec.Ec(curveName(pub, null));
    }
    if (mechanism == Ckm.EC_EDWARDS_KEY_PAIR_GEN) {
      return new KeyPairSpec.Edwards(curveName(pub, EDWARDS_OIDS));
    }
    if (mechanism == Ckm.EC_MONTGOMERY_KEY_PAIR_GEN) {
      return new KeyPairSpec.Montgomery(curveName(pub, MONTGOMERY_OIDS));
    }
    if (mechanism == Ckm.DSA_KEY_PAIR_GEN) {
      byte[] p = pub.get(Cka.PRIME);
      int bits =
          p != null ? new BigInteger(1, p).bitLength() : (int) pub.ulong(Cka.MODULUS_BITS, 0);
      if (bits == 0) {
        throw new HsmException(
            Ckr.TEMPLATE_INCOMPLETE,
            "DSA key generation needs CKA_PRIME (or CKA_MODULUS_BITS for the standard groups)");
      }
      return new KeyPairSpec.Dsa(bits);
    }
    if (mechanism == Ckm.ML_DSA_KEY_PAIR_GEN) {
      return new KeyPairSpec.MlDsa(parameterSet(pub, new int[] {44, 65, 87}));
    }
    if (mechanism == Ckm.ML_KEM_KEY_PAIR_GEN) {
      return new KeyPairSpec.MlKem(parameterSet(pub, new int[] {512, 768, 1024}));
    }
    throw new HsmException(
        Ckr.MECHANISM_INVALID,
        String.format("mechanism 0x%x does not generate key pairs", mechanism));
  }

  /** CKA_PARAMETER_SET: 1, 2, 3 as PKCS#11 numbers them, or the set's own number (44, 768...). */
  private static int parameterSet(Attributes pub, int[] sets) throws HsmException {
    long v = pub.ulong(Cka.PARAMETER_SET, -1);
    if (v >= 1 && v <= 3) {
      return sets[(int) v - 1];
    }
    for (int s : sets) {
      if (v == s) {
        return s;
      }
    }
    throw new HsmException(
        Ckr.TEMPLATE_INCOMPLETE,
        "CKA_PARAMETER_SET must be 1-3 or one of "
            + java.util.Arrays.toString(sets)
            + ", got "
            + v);
  }

  /**
   * Curves already named, by table and CKA_EC_PARAMS bytes: every key generation would otherwise
   * parse the DER and search Bouncy Castle's curve tables. Only successful parses are kept, and
   * only a bounded number of them (a few dozen curves exist; a caller cannot grow it at will).
   */
  private static final Map<String, String> CURVE_NAMES = new ConcurrentHashMap<>();

  private static final int CURVE_NAMES_MAX = 64;

  /** The curve named by CKA_EC_PARAMS: a DER OID, or a PrintableString name. */
  private static String curveName(Attributes pub, Map<String, String> oids) throws HsmException {
    byte[] der = pub.get(Cka.EC_PARAMS);
    if (der == null) {
      throw new HsmException(Ckr.TEMPLATE_INCOMPLETE, "EC key generation needs CKA_EC_PARAMS");
    }
    String table = oids == null ? "ec:" : oids == EDWARDS_OIDS ? "ed:" : "x:";
    String cacheKey = table + new String(der, StandardCharsets.ISO_8859_1);
    String known = CURVE_NAMES.get(cacheKey);
    if (known != null) {
      return known;
    }
    String name = parseCurveName(der, oids);
    if (CURVE_NAMES.size() < CURVE_NAMES_MAX) {
      CURVE_NAMES.put(cacheKey, name);
    }
    return name;
  }

  private static String parseCurveName(byte[] der, Map<String, String> oids) throws HsmException {
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(der);
      if (p instanceof DERPrintableString s) {
        String name = s.getString();
        return switch (name) {
          case "edwards25519" -> "Ed25519";
          case "edwards448" -> "Ed448";
          case "curve25519" -> "X25519";
          case "curve448" -> "X448";
          default -> name;
        };
      }
      String oid = ASN1ObjectIdentifier.getInstance(p).getId();
      if (oids != null) {
        String n = oids.get(oid);
        if (n == null) {
          throw new HsmException(Ckr.CURVE_NOT_SUPPORTED, "curve OID " + oid + " is not supported");
        }
        return n;
      }
      String name = ECNamedCurveTable.getName(new ASN1ObjectIdentifier(oid));
      if (name == null) {
        throw new HsmException(Ckr.CURVE_NOT_SUPPORTED, "curve OID " + oid + " is not supported");
      }
      return name;
    } catch (IOException | IllegalArgumentException e) {
      throw new HsmException(
          Ckr.ATTRIBUTE_VALUE_INVALID, "CKA_EC_PARAMS is neither a DER OID nor a curve name", e);
    }
  }

  /** Security strength in bits of a key object, for the wrapping-key strength rule. */
  static int strength(HsmObject o) {
    Attributes a = o.attributes();
    long t = o.keyType();
    if (t == Ckk.AES) {
      return (int) a.ulong(Cka.VALUE_LEN, 16) * 8;
    }
    if (t == Ckk.DES3 || t == Ckk.DES2) {
      return 112;
    }
    if (t == Ckk.GENERIC_SECRET) {
      return (int) Math.min(256, a.ulong(Cka.VALUE_LEN, 32) * 8);
    }
    if (t == Ckk.RSA || t == Ckk.DSA) {
      byte[] m = a.get(t == Ckk.RSA ? Cka.MODULUS : Cka.PRIME);
      int bits = m == null ? 2048 : new BigInteger(1, m).bitLength();
      return bits >= 15360
          ? 256
          : bits >= 7680 ? 192 : bits >= 3072 ? 128 : bits >= 2048 ? 112 : 80;
    }
    if (t == Ckk.EC) {
      byte[] point = a.get(Cka.EC_POINT);
      return point == null ? 128 : Math.min(256, (point.length - 3) / 2 * 4);
    }
    return 128;
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    if (b.length > 1 && b[0] == 0) {
      return java.util.Arrays.copyOfRange(b, 1, b.length);
    }
    return b;
  }
}
