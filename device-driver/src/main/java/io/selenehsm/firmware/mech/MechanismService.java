package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.math.BigInteger;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.EdDSAParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.jcajce.spec.ContextParameterSpec;

/**
 * The mechanism layer's entry point for the engine: given a mechanism and a java.security key the
 * engine resolved from a key object, it checks the mechanism (registry, self-test state, operation,
 * parameter type), the key (type, half of the pair, size) and FIPS policy, then returns a ready
 * operation. The engine keeps checking object attributes (CKA_SIGN, ...) itself. Thread-safe;
 * operations it returns are not.
 */
public final class MechanismService {
  /** The ECDSA algorithms ACCP (when loaded) offers in IEEE P1363 form, by their DER name. */
  private static final java.util.Set<String> ACCP_P1363 = accpP1363Algorithms();

  private final MechanismRegistry registry;
  private final FipsPolicy fips;
  private final Drbg drbg;
  private final KeyGenerators keyGenerators;

  public MechanismService(MechanismRegistry registry, FipsPolicy fips, Drbg drbg) {
    this.registry = registry;
    this.fips = fips;
    this.drbg = drbg;
    this.keyGenerators = new KeyGenerators(registry, fips, drbg);
  }

  public MechanismRegistry registry() {
    return registry;
  }

  public FipsPolicy fipsPolicy() {
    return fips;
  }

  public Drbg random() {
    return drbg;
  }

  public KeyGenerators keyGenerators() {
    return keyGenerators;
  }

  /** C_SignInit: a private key, or a secret key for MACs. */
  public Signer signer(Mechanism m, Key key) throws HsmException {
    return signer(m, key, profileOf(key));
  }

  /** As {@link #signer(Mechanism, Key)} with the key's profile the caller cached. */
  public Signer signer(Mechanism m, Key key, KeyProfile profile) throws HsmException {
    return (Signer) signatureOp(m, key, profile, true);
  }

  /** C_VerifyInit: a public key, or a secret key for MACs. */
  public Verifier verifier(Mechanism m, Key key) throws HsmException {
    return verifier(m, key, profileOf(key));
  }

  /** As {@link #verifier(Mechanism, Key)} with the key's profile the caller cached. */
  public Verifier verifier(Mechanism m, Key key, KeyProfile profile) throws HsmException {
    return (Verifier) signatureOp(m, key, profile, false);
  }

  public CipherOperation encryptor(Mechanism m, Key key) throws HsmException {
    return encryptor(m, key, profileOf(key));
  }

  /** As {@link #encryptor(Mechanism, Key)} with the key's profile the caller cached. */
  public CipherOperation encryptor(Mechanism m, Key key, KeyProfile profile) throws HsmException {
    return cipher(m, key, profile, Operation.ENCRYPT);
  }

  public CipherOperation decryptor(Mechanism m, Key key) throws HsmException {
    return decryptor(m, key, profileOf(key));
  }

  /** As {@link #decryptor(Mechanism, Key)} with the key's profile the caller cached. */
  public CipherOperation decryptor(Mechanism m, Key key, KeyProfile profile) throws HsmException {
    return cipher(m, key, profile, Operation.DECRYPT);
  }

  private static KeyProfile profileOf(Key key) {
    return key == null ? null : KeyProfile.of(key);
  }

  /**
   * C_WrapKey / C_UnwrapKey with {@code key}: wrap needs a secret or public key, unwrap a secret or
   * private key (checked when called).
   */
  public KeyWrapper wrapper(Mechanism m, Key key) throws HsmException {
    MechanismSpec s = registry.spec(m.id());
    if (!s.info().supports(Operation.WRAP) && !s.info().supports(Operation.UNWRAP)) {
      throw new HsmException(Ckr.MECHANISM_INVALID, s.info().name() + " does not wrap keys");
    }
    KeyProfile profile = profileOf(key);
    return new CipherKeyWrapper(
        () -> cipher(m, key, profile, Operation.WRAP),
        () -> cipher(m, key, profile, Operation.UNWRAP));
  }

  /** C_DeriveKey (and PBKDF2's C_GenerateKey): the base key is given to {@link Deriver#derive}. */
  public Deriver deriver(Mechanism m) throws HsmException {
    MechanismSpec s = registry.spec(m.id());
    Operation op = s.family() == Family.PBKDF2 ? Operation.GENERATE : Operation.DERIVE;
    registry.require(m, op);
    return (baseKey, length) -> {
      int bits = s.family() == Family.PBKDF2 ? length * 8 : checkDeriveKey(s, baseKey);
      fips.check(s, op, bits, m.params(), curveName(baseKey));
      Deriver d =
          switch (s.family()) {
            case ECDH ->
                new EcdhDeriver((EcdhParams) m.params(), m.id() == Ckm.ECDH1_COFACTOR_DERIVE);
            case SP800_108 -> new Sp800108Kdf((KdfParams) m.params());
            case PBKDF2 -> new Pbkdf2((Pbkdf2Params) m.params());
            case HASH_DERIVE -> new HashKeyDerivation(s.hash());
            default ->
                throw new HsmException(Ckr.MECHANISM_INVALID, s.info().name() + " does not derive");
          };
      return d.derive(baseKey, length);
    };
  }

  public KemOperation kem(Mechanism m) throws HsmException {
    MechanismSpec s = registry.require(m, Operation.ENCAPSULATE);
    MlKem kem = new MlKem(drbg.asSecureRandom());
    return new KemOperation() {
      @Override
      public Encapsulation encapsulate(PublicKey recipient) throws HsmException {
        int bits = KeyKinds.check(s.info(), recipient, PublicKey.class);
        fips.check(s, Operation.ENCAPSULATE, bits, m.params(), null);
        return kem.encapsulate(recipient);
      }

      @Override
      public byte[] decapsulate(PrivateKey key, byte[] ciphertext) throws HsmException {
        int bits = KeyKinds.check(s.info(), key, PrivateKey.class);
        fips.check(s, Operation.DECAPSULATE, bits, m.params(), null);
        return kem.decapsulate(key, ciphertext);
      }
    };
  }

  public Digester digester(Mechanism m) throws HsmException {
    MechanismSpec s = registry.require(m, Operation.DIGEST);
    fips.check(s, Operation.DIGEST, -1, m.params(), null);
    return Digests.digester(s.hash());
  }

  private Object signatureOp(Mechanism m, Key key, KeyProfile profile, boolean signing)
      throws HsmException {
    Operation op = signing ? Operation.SIGN : Operation.VERIFY;
    MechanismSpec s = registry.require(m, op);
    boolean symmetric =
        s.family() == Family.HMAC || s.family() == Family.CMAC || s.family() == Family.GMAC;
    Class<?> need = symmetric ? SecretKey.class : signing ? PrivateKey.class : PublicKey.class;
    int bits = KeyKinds.check(s.info(), key, profile, need);
    fips.check(s, op, bits, m.params(), profile.curve());
    MechanismParams p = m.params();
    // Signing draws on the HSM's DRBG, never on a provider's default: that is the first
    // SecureRandom of the global list (Selene itself, when it is first), and Bouncy Castle
    // caches it for the life of the JVM.
    SecureRandom rnd = signing ? drbg.asSecureRandom() : null;
    return switch (s.family()) {
      case RSA_PKCS1_SIGN ->
          JcaSignatureOp.start(s.jcaAlgorithm(), "", key, null, rsaCodec(key), -1, rnd);
      case RSA_PKCS1_RAW_SIGN ->
          JcaSignatureOp.start(
              "NONEwithRSA",
              "",
              key,
              null,
              rsaCodec(key),
              RsaKeys.modulusBytes((RSAKey) key) - 11,
              rnd);
      case RSA_PSS -> pss(s, (PssParams) p, key, rnd);
      case RSA_X931 -> new X931SignatureOp(s.hash(), key, drbg.asSecureRandom());
      case RSA_X509 -> new RawRsaSignatureOp(key, null);
      case ECDSA -> ecdsa(s, p, key, profile, rnd);
      case DSA -> {
        BigInteger q = ((DSAKey) key).getParams().getQ();
        yield JcaSignatureOp.start(s.jcaAlgorithm(), "", key, null, dsaCodec(p, q), -1, rnd);
      }
      case EDDSA -> eddsa(p, key, bits, rnd);
      case ML_DSA -> {
        if (!signing) {
          // Any public key, stored or handed in for one verification, has its FIPS 204 length.
          KeyDecoder.checkPostQuantumLength(Ckk.ML_DSA, key.getEncoded());
        }
        yield JcaSignatureOp.start(
            "ML-DSA",
            "",
            key,
            p instanceof MlDsaParams c ? new ContextParameterSpec(c.context()) : null,
            SignatureCodec.IDENTITY,
            -1,
            rnd);
      }
      case HMAC, CMAC ->
          MacOp.start(
              s.jcaAlgorithm(), key, null, p instanceof MacLengthParams l ? l.lengthBytes() : 0);
      case GMAC -> MacOp.start("AES-GMAC", key, new IvParameterSpec(((GmacParams) p).iv()), 0);
      default -> throw new HsmException(Ckr.MECHANISM_INVALID, s.info().name() + " does not sign");
    };
  }

  private static SignatureCodec rsaCodec(Key key) {
    return SignatureCodec.fixedLength(RsaKeys.modulusBytes((RSAKey) key));
  }

  /**
   * ECDSA in the encoding the caller wants, asked of the provider directly: on the NIST curves ACCP
   * produces and checks IEEE P1363 r||s itself, so raw signatures skip the DER round trip through
   * BigInteger. Other curves (brainpool, secp256k1) reach only Bouncy Castle, which speaks DER, so
   * their raw signatures are converted; so are NONEwithECDSA and the SHA-3 variants, which ACCP
   * lacks (the JDK's P1363 form would bring back the P-384 verification bug noted in Primitives).
   * The pool variant is the curve's name, so a curve one provider refuses never shares instances
   * with one it serves.
   */
  private static JcaSignatureOp ecdsa(
      MechanismSpec s, MechanismParams p, Key key, KeyProfile profile, SecureRandom rnd)
      throws HsmException {
    if (p == SignatureFormatParams.DER) {
      return JcaSignatureOp.start(
          s.jcaAlgorithm(), profile.curve(), key, null, SignatureCodec.STRICT_DER, -1, rnd);
    }
    int half = (((ECKey) key).getParams().getOrder().bitLength() + 7) / 8;
    if (profile.isNistPrimeCurve() && ACCP_P1363.contains(s.jcaAlgorithm())) {
      return JcaSignatureOp.start(
          s.jcaAlgorithm() + "inP1363Format",
          profile.curve(),
          key,
          null,
          SignatureCodec.fixedLength(2 * half),
          -1,
          rnd);
    }
    return JcaSignatureOp.start(
        s.jcaAlgorithm(), profile.curve(), key, null, SignatureCodec.p1363(half), -1, rnd);
  }

  private static java.util.Set<String> accpP1363Algorithms() {
    String suffix = "inP1363Format";
    return Primitives.provider(Primitives.Source.ACCP)
        .map(
            p ->
                p.getServices().stream()
                    .filter(
                        sv ->
                            sv.getType().equals("Signature") && sv.getAlgorithm().endsWith(suffix))
                    .map(
                        sv ->
                            sv.getAlgorithm()
                                .substring(0, sv.getAlgorithm().length() - suffix.length()))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet()))
        .orElse(java.util.Set.of());
  }

  private static SignatureCodec dsaCodec(MechanismParams p, BigInteger order) {
    return p == SignatureFormatParams.DER
        ? SignatureCodec.STRICT_DER
        : SignatureCodec.p1363((order.bitLength() + 7) / 8);
  }

  private JcaSignatureOp pss(MechanismSpec s, PssParams p, Key key, SecureRandom rnd)
      throws HsmException {
    if (s.hash() != null && p.hash() != s.hash()) {
      throw new HsmException(
          Ckr.MECHANISM_PARAM_INVALID,
          s.info().name()
              + ": PSS parameter hash "
              + p.hash()
              + " must match the mechanism's hash "
              + s.hash());
    }
    int modBits = ((RSAKey) key).getModulus().bitLength();
    int emLen = (modBits - 1 + 7) / 8;
    int maxSalt = emLen - p.hash().length() - 2;
    if (p.saltLength() > maxSalt) {
      throw new HsmException(
          Ckr.MECHANISM_PARAM_INVALID,
          "PSS salt length "
              + p.saltLength()
              + ": at most "
              + maxSalt
              + " bytes for a "
              + modBits
              + "-bit key with "
              + p.hash());
    }
    PSSParameterSpec spec =
        new PSSParameterSpec(
            p.hash().jcaName(),
            "MGF1",
            new MGF1ParameterSpec(p.mgfHash().jcaName()),
            p.saltLength(),
            1);
    boolean raw = s.hash() == null;
    return JcaSignatureOp.start(
        raw ? "RAWRSASSA-PSS" : "RSASSA-PSS",
        "",
        key,
        spec,
        rsaCodec(key),
        raw ? p.hash().length() : -1,
        rnd);
  }

  private static JcaSignatureOp eddsa(MechanismParams p, Key key, int bits, SecureRandom rnd)
      throws HsmException {
    String alg = bits == 448 ? "Ed448" : "Ed25519";
    // RFC 8032 signatures have one length; some providers ignore bytes appended to them.
    SignatureCodec exact = SignatureCodec.fixedLength(bits == 448 ? 114 : 64);
    if (p instanceof EddsaParams e && (e.preHash() || e.context().length > 0)) {
      // Only the JDK's EdDSA takes a context or pre-hash flag through its parameter spec.
      AlgorithmParameterSpec spec = new EdDSAParameterSpec(e.preHash(), e.context());
      return JcaSignatureOp.start("EdDSA", "ctx", key, spec, exact, -1, rnd);
    }
    return JcaSignatureOp.start(alg, "", key, null, exact, -1, rnd);
  }

  private CipherOperation cipher(Mechanism m, Key key, KeyProfile profile, Operation op)
      throws HsmException {
    MechanismSpec s = registry.require(m, op);
    boolean decrypt = op == Operation.DECRYPT || op == Operation.UNWRAP;
    boolean rsa = s.info().keyType() == Ckk.RSA;
    Class<?> need = !rsa ? SecretKey.class : decrypt ? PrivateKey.class : PublicKey.class;
    int bits = KeyKinds.check(s.info(), key, profile, need);
    fips.check(s, op, bits, m.params(), null);
    MechanismParams p = m.params();
    return switch (s.family()) {
      case BLOCK_CIPHER -> {
        IvParameterSpec iv = null;
        if (p instanceof IvParams ivp) {
          int block = s.info().keyType() == Ckk.DES3 ? 8 : 16;
          if (ivp.ivView().length != block) {
            throw new HsmException(
                Ckr.MECHANISM_PARAM_INVALID,
                s.info().name()
                    + " IV length "
                    + ivp.ivView().length
                    + " bytes: must be the block size "
                    + block);
          }
          iv = new IvParameterSpec(ivp.ivView());
        }
        yield JcaCipherOp.start(s.jcaAlgorithm(), decrypt, key, iv, null, null, null, -1);
      }
      case AES_CTR -> ctr((CtrParams) p, key, decrypt);
      case AES_GCM -> gcm((GcmParams) p, key, decrypt);
      case AES_KW, AES_KWP -> {
        // An alternative initial value (RFC 3394 section 2.2.3.2, RFC 5649 section 3).
        IvParameterSpec iv = null;
        if (p instanceof IvParams ivp) {
          int ivLength = s.family() == Family.AES_KW ? 8 : 4;
          if (ivp.iv().length != ivLength) {
            throw new HsmException(
                Ckr.MECHANISM_PARAM_INVALID,
                s.info().name()
                    + " initial value length "
                    + ivp.iv().length
                    + " bytes: must be "
                    + ivLength);
          }
          iv = new IvParameterSpec(ivp.iv());
        }
        // The JDK accepts an alternative initial value for KW but, from JDK 21 on, not for KWP;
        // Bouncy Castle's RFC 5649 cipher takes it on every JDK.
        String transformation =
            iv != null && s.family() == Family.AES_KWP ? "AESWRAPPAD" : s.jcaAlgorithm();
        CipherOperation c =
            JcaCipherOp.start(transformation, decrypt, key, iv, null, null, null, -1);
        yield decrypt ? new WrappedLengthCheck(c) : c;
      }
      // Padding randomness from the HSM's DRBG (a provider's default is the global list's).
      case RSA_PKCS1_RAW_SIGN ->
          new RsaCipherOp("RSA/ECB/PKCS1Padding", key, null, drbg.asSecureRandom(), decrypt, 11);
      case RSA_X509 -> new RsaCipherOp("RSA/ECB/NoPadding", key, null, null, decrypt, 0);
      case RSA_OAEP -> {
        OaepParams o = (OaepParams) p;
        OAEPParameterSpec spec =
            new OAEPParameterSpec(
                o.hash().jcaName(),
                "MGF1",
                new MGF1ParameterSpec(o.mgfHash().jcaName()),
                new PSource.PSpecified(o.label()));
        yield new RsaCipherOp(
            "RSA/ECB/OAEPPadding",
            key,
            spec,
            drbg.asSecureRandom(),
            decrypt,
            2 * o.hash().length() + 2);
      }
      default ->
          throw new HsmException(Ckr.MECHANISM_INVALID, s.info().name() + " does not encrypt");
    };
  }

  private CipherOperation gcm(GcmParams p, Key key, boolean decrypt) throws HsmException {
    byte[] iv = p.ivView(); // GCMParameterSpec takes its own copy
    byte[] generated = null;
    if (p.hsmGeneratesIv()) {
      if (decrypt) {
        throw new HsmException(Ckr.MECHANISM_PARAM_INVALID, "GCM decryption needs the IV");
      }
      iv = drbg.generatePublic(12);
      generated = iv;
    }
    return JcaCipherOp.start(
        "AES/GCM/NoPadding",
        decrypt,
        key,
        new GCMParameterSpec(p.tagBits(), iv),
        null,
        p.aadView(),
        generated,
        -1);
  }

  private CipherOperation ctr(CtrParams p, Key key, boolean decrypt) throws HsmException {
    byte[] block = p.counterBlock();
    byte[] generated = null;
    if (p.hsmGeneratesBlock()) {
      if (decrypt) {
        throw new HsmException(
            Ckr.MECHANISM_PARAM_INVALID, "CTR decryption needs the counter block");
      }
      block = new byte[16];
      System.arraycopy(
          drbg.generatePublic(12), 0, block, 0, 12); // 96-bit nonce, 32-bit counter at 0
      generated = block;
    }
    long maxBytes = -1;
    int counterBits = p.hsmGeneratesBlock() ? 32 : p.counterBits();
    if (counterBits < 64) {
      BigInteger counter = new BigInteger(1, block).mod(BigInteger.ONE.shiftLeft(counterBits));
      long blocksLeft = BigInteger.ONE.shiftLeft(counterBits).subtract(counter).longValueExact();
      maxBytes = blocksLeft > Long.MAX_VALUE / 16 ? -1 : blocksLeft * 16;
    }
    return JcaCipherOp.start(
        "AES/CTR/NoPadding",
        decrypt,
        key,
        new IvParameterSpec(block),
        null,
        null,
        generated,
        maxBytes);
  }

  private static int checkDeriveKey(MechanismSpec s, Key key) throws HsmException {
    if (s.family() == Family.ECDH && KeyKinds.keyType(key) == Ckk.EC_MONTGOMERY) {
      if (!(key instanceof PrivateKey)) {
        throw new HsmException(
            Ckr.KEY_TYPE_INCONSISTENT, "X25519/X448 derivation needs the private key");
      }
      return KeyKinds.bits(key);
    }
    Class<?> need = s.family() == Family.ECDH ? PrivateKey.class : SecretKey.class;
    return KeyKinds.check(s.info(), key, need);
  }

  private static String curveName(Key key) {
    return key instanceof ECKey ? KeyProfile.of(key).curve() : null;
  }
}
