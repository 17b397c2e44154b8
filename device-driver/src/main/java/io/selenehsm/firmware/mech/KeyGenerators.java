package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key and key-pair generation (C_GenerateKey, C_GenerateKeyPair). Secret keys come straight from
 * the device DRBG; key pairs from the fastest provider that has the algorithm, fed the DRBG.
 */
public final class KeyGenerators {
  private final MechanismRegistry registry;
  private final FipsPolicy fips;
  private final Drbg drbg;

  /**
   * Initialised generators of this thread, by algorithm and parameters: looking up the provider and
   * initialising a generator for a named curve cost as much as generating an EC P-256 pair. Per
   * instance (so per device DRBG) and per thread (a KeyPairGenerator is not thread-safe); bounded,
   * since RSA sizes and exponents are the caller's to choose.
   */
  private final ThreadLocal<Map<GeneratorKey, KeyPairGenerator>> ready =
      ThreadLocal.withInitial(HashMap::new);

  private static final int READY_MAX = 16;

  /** What a ready generator was initialised for: algorithm plus its parameter values. */
  private record GeneratorKey(String algorithm, Object parameters) {}

  KeyGenerators(MechanismRegistry registry, FipsPolicy fips, Drbg drbg) {
    this.registry = registry;
    this.fips = fips;
    this.drbg = drbg;
  }

  public KeyPair generateKeyPair(Mechanism m, KeyPairSpec spec) throws HsmException {
    MechanismSpec ms = registry.require(m, Operation.GENERATE_KEY_PAIR);
    if (spec == null) {
      throw new HsmException(Ckr.TEMPLATE_INCOMPLETE, ms.info().name() + " needs a key pair spec");
    }
    spec.validate();
    long id = m.id();
    SecureRandom rnd = drbg.asSecureRandom();
    if (spec instanceof KeyPairSpec.Rsa r
        && (id == Ckm.RSA_PKCS_KEY_PAIR_GEN || id == Ckm.RSA_X9_31_KEY_PAIR_GEN)) {
      fips.check(ms, Operation.GENERATE_KEY_PAIR, r.bits(), m.params(), null);
      if (fips.isEnforcing() && r.publicExponent().compareTo(KeyPairSpec.Rsa.F4) < 0) {
        throw new HsmException(
            Ckr.TEMPLATE_INCONSISTENT,
            "FIPS mode: RSA public exponent must be at least 65537 (FIPS 186-5 §A.1.1)");
      }
      return generate(
          "RSA",
          List.of(r.bits(), r.publicExponent()),
          () -> new RSAKeyGenParameterSpec(r.bits(), r.publicExponent()),
          rnd);
    }
    if (spec instanceof KeyPairSpec.Ec e && id == Ckm.EC_KEY_PAIR_GEN) {
      fips.check(ms, Operation.GENERATE_KEY_PAIR, -1, m.params(), e.canonicalCurve());
      return generate(
          "EC", e.canonicalCurve(), () -> new ECGenParameterSpec(e.canonicalCurve()), rnd);
    }
    if (spec instanceof KeyPairSpec.Edwards e && id == Ckm.EC_EDWARDS_KEY_PAIR_GEN) {
      fips.check(ms, Operation.GENERATE_KEY_PAIR, -1, m.params(), null);
      return generate(e.curve(), "", () -> null, rnd);
    }
    if (spec instanceof KeyPairSpec.Montgomery x && id == Ckm.EC_MONTGOMERY_KEY_PAIR_GEN) {
      fips.check(ms, Operation.GENERATE_KEY_PAIR, -1, m.params(), null);
      return generate(x.curve(), "", () -> null, rnd);
    }
    if (spec instanceof KeyPairSpec.Dsa d && id == Ckm.DSA_KEY_PAIR_GEN) {
      fips.check(ms, Operation.GENERATE_KEY_PAIR, d.bits(), m.params(), null);
      return generateDsa(d.bits(), rnd);
    }
    if (spec instanceof KeyPairSpec.MlDsa d && id == Ckm.ML_DSA_KEY_PAIR_GEN) {
      fips.check(ms, Operation.GENERATE_KEY_PAIR, -1, m.params(), null);
      return generate("ML-DSA-" + d.set(), "", () -> null, rnd);
    }
    if (spec instanceof KeyPairSpec.MlKem k && id == Ckm.ML_KEM_KEY_PAIR_GEN) {
      fips.check(ms, Operation.GENERATE_KEY_PAIR, -1, m.params(), null);
      return generate("ML-KEM-" + k.set(), "", () -> null, rnd);
    }
    throw new HsmException(
        Ckr.TEMPLATE_INCONSISTENT,
        ms.info().name() + " cannot generate a " + spec.getClass().getSimpleName() + " key pair");
  }

  /**
   * Generates a secret key of {@code bits} (AES 128/192/256, DES3 192, generic 8..4096 in bytes).
   */
  public SecretKey generateKey(Mechanism m, int bits) throws HsmException {
    MechanismSpec ms = registry.require(m, Operation.GENERATE);
    MechanismInfo info = ms.info();
    if (ms.family() != Family.KEY_GEN) {
      throw new HsmException(Ckr.MECHANISM_INVALID, info.name() + " does not generate secret keys");
    }
    fips.check(ms, Operation.GENERATE, bits, m.params(), null);
    boolean aesSize = bits == 128 || bits == 192 || bits == 256;
    if (bits % 8 != 0
        || bits < info.minKeyBits()
        || bits > info.maxKeyBits()
        || (m.id() == Ckm.AES_KEY_GEN && !aesSize)) {
      throw new HsmException(
          Ckr.KEY_SIZE_RANGE,
          info.name()
              + " key size "
              + bits
              + " bits: must be "
              + (m.id() == Ckm.AES_KEY_GEN
                  ? "128, 192 or 256"
                  : "a multiple of 8 from " + info.minKeyBits() + " to " + info.maxKeyBits()));
    }
    byte[] value = drbg.generate(bits / 8);
    if (m.id() == Ckm.DES3_KEY_GEN) {
      setOddParity(value);
    }
    return new SecretKeySpec(value, ms.jcaAlgorithm());
  }

  /**
   * A key pair from this thread's generator for {@code algorithm} and {@code parameters} (the
   * values {@code spec} is made of), initialised on first use. A generator that fails is dropped,
   * so the next call starts from a fresh one.
   */
  private KeyPair generate(
      String algorithm,
      Object parameters,
      Supplier<java.security.spec.AlgorithmParameterSpec> spec,
      SecureRandom rnd)
      throws HsmException {
    Map<GeneratorKey, KeyPairGenerator> mine = ready.get();
    GeneratorKey key = new GeneratorKey(algorithm, parameters);
    KeyPairGenerator g = mine.get(key);
    if (g == null) {
      g = newGenerator(algorithm, spec.get(), rnd);
      if (mine.size() >= READY_MAX) {
        mine.clear();
      }
      mine.put(key, g);
    }
    try {
      return g.generateKeyPair();
    } catch (RuntimeException e) {
      mine.remove(key);
      throw e;
    }
  }

  private static KeyPairGenerator newGenerator(
      String algorithm, java.security.spec.AlgorithmParameterSpec spec, SecureRandom rnd)
      throws HsmException {
    return Primitives.firstWorking(
        "KeyPairGenerator",
        algorithm,
        (alg, p) -> KeyPairGenerator.getInstance(alg, p),
        kpg -> {
          // Named-algorithm generators (Ed25519, ML-DSA-65, ...) need no parameters; ACCP draws
          // on its own DRBG and refuses a spec. The others get the HSM's random explicitly:
          // their
          // default is the first SecureRandom of the global list, which may be Selene's own.
          if (spec != null) {
            kpg.initialize(spec, rnd);
          } else if (!Primitives.isAccp(kpg.getProvider())) {
            kpg.initialize(new java.security.spec.NamedParameterSpec(algorithm), rnd);
          }
        },
        Ckr.MECHANISM_PARAM_INVALID,
        "no provider generates " + algorithm + " keys here");
  }

  private static KeyPair generateDsa(int bits, SecureRandom rnd) throws HsmException {
    try {
      // The SUN provider carries precomputed FIPS 186 domain parameters for 2048 and 3072 bits.
      KeyPairGenerator g =
          KeyPairGenerator.getInstance("DSA", SoftwareProviders.jdkOrBc("KeyPairGenerator", "DSA"));
      g.initialize(bits, rnd);
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      throw Primitives.general("DSA key generation", e);
    }
  }

  private static void setOddParity(byte[] key) {
    for (int i = 0; i < key.length; i++) {
      int b = key[i] & 0xfe;
      key[i] = (byte) (b | ((Integer.bitCount(b) & 1) ^ 1));
    }
  }
}
