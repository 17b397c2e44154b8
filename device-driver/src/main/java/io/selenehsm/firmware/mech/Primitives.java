package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Chooses, per primitive, the JCA provider that runs it: the fastest correct one on this machine,
 * decided by measurement ({@code PrimitiveSelectionProbe}, test scope) and written down here. ACCP
 * (native, Amazon Corretto Crypto Provider) is used only when it loaded; the JDK and Bouncy Castle
 * are pure Java and always available, so every primitive has a fallback.
 *
 * <p>Measured single-thread by {@code PrimitiveSelectionProbe} (test scope) on the 2-core machine
 * class, JDK 17.0.15, ACCP 2.5.0, BC 1.81, while other builds shared the cores (load ~3.8), so read
 * ratios rather than absolute values. Operations per second:
 *
 * <pre>
 * primitive                      ACCP        JDK         BC          order chosen
 * RSA-2048 SHA256withRSA sign        1,488         416        306    ACCP, JDK, BC
 * RSA-2048 SHA256withRSA verify     40,631       7,866      4,071    ACCP, JDK, BC
 * RSA-2048 PSS sign                  1,130         619        272    ACCP, JDK, BC
 * ECDSA P-256 sign                  24,336       1,113      7,247    ACCP, BC, JDK
 * ECDSA P-256 verify                17,862       1,037     13,906    ACCP, BC, JDK
 * Ed25519 sign                     126,003       1,795     32,903    ACCP, BC, JDK
 * HMAC-SHA256 1 KiB                981,058   1,109,622    125,542    JDK, ACCP, BC
 * SHA-256 1 KiB                    528,436     811,161     57,295    JDK, ACCP, BC
 * AES-256-GCM 1 KiB              1,154,267     679,391     42,446    ACCP, JDK, BC
 * AES-256-GCM 16 KiB               176,971     192,085      5,155    (tie within noise)
 * ECDH P-256                        14,846       1,128      5,051    ACCP, JDK, BC
 * </pre>
 *
 * <p>Primitives not measured follow their family (SHA-3 and DSA: JDK then BC; Ed448, ML-DSA, CMAC,
 * GMAC, brainpool and secp256k1: BC, the only or fastest provider that has them).
 *
 * <p>Providers are tried in the chosen order at operation start; a provider that does not have the
 * algorithm or refuses the key (ACCP has no brainpool or secp256k1, the JDK no secp256k1) is
 * skipped, so a key always reaches one that can serve it.
 */
public final class Primitives {
  private Primitives() {}

  /** Where a primitive comes from. */
  public enum Source {
    ACCP,
    JDK,
    BC
  }

  static final Provider BC = new BouncyCastleProvider();
  private static final Provider ACCP_PROVIDER = AccpLoader.load();

  /** True for the native provider (which draws on its own DRBG and ignores a given one). */
  @SuppressWarnings("ReferenceEquality") // the loaded instance; Provider.equals compares tables
  static boolean isAccp(Provider p) {
    return p != null && p == ACCP_PROVIDER;
  }

  /** True when the native provider loaded and passed its own self-tests. */
  public static boolean accpAvailable() {
    return ACCP_PROVIDER != null;
  }

  /**
   * The provider for a non-JDK source, empty when that source is unavailable (ACCP not loaded). The
   * JDK source is several providers; {@link SoftwareProviders#jdk} picks one per algorithm.
   */
  public static Optional<Provider> provider(Source s) {
    return switch (s) {
      case ACCP -> Optional.ofNullable(ACCP_PROVIDER);
      case BC -> Optional.of(BC);
      case JDK -> Optional.empty();
    };
  }

  /** The decision table: the order in which sources are tried for a JCA algorithm name. */
  static List<Source> order(String type, String algorithm) {
    String a = algorithm.toUpperCase(Locale.ROOT);
    switch (type) {
      case "Signature":
        boolean sha3 = a.contains("SHA3-");
        if (a.startsWith("ML-DSA")) {
          return List.of(Source.BC); // FIPS 204 context strings need BC's parameter spec
        }
        if (a.contains("ECDSA")) {
          // SunEC (JDK 17) rejects valid P-384 signatures whose x(kG) exceeds n (Wycheproof
          // ecdsa_secp384r1_sha384 tcId 382, 499): the JDK comes last for ECDSA.
          return sha3
              ? List.of(Source.BC, Source.JDK)
              : List.of(Source.ACCP, Source.BC, Source.JDK);
        }
        if (a.equals("ED25519")) {
          return List.of(Source.ACCP, Source.BC, Source.JDK);
        }
        if (a.equals("ED448") || a.equals("EDDSA")) {
          return List.of(Source.BC, Source.JDK);
        }
        if (sha3) {
          // The JDK's SHA-3 RSA signatures fetch their digest from the global provider list,
          // which may start with Selene: Bouncy Castle computes its own.
          return List.of(Source.BC, Source.JDK);
        }
        if (a.contains("DSA")) {
          return List.of(Source.JDK, Source.BC);
        }
        return List.of(Source.ACCP, Source.JDK, Source.BC); // RSA PKCS#1 and PSS
      case "Mac":
        if (a.contains("CMAC")) {
          return List.of(Source.BC);
        }
        if (a.contains("SHA3-")) {
          // As for SHA-3 signatures: the JDK's HMAC takes its digest from the global list.
          return List.of(Source.BC, Source.JDK);
        }
        return List.of(Source.JDK, Source.ACCP, Source.BC);
      case "MessageDigest":
        return List.of(Source.JDK, Source.ACCP, Source.BC);
      case "Cipher":
        if (a.startsWith("RSA")) {
          return List.of(Source.ACCP, Source.JDK, Source.BC);
        }
        if (a.startsWith("AES/GCM")) {
          return List.of(Source.ACCP, Source.JDK, Source.BC);
        }
        return List.of(Source.JDK, Source.BC);
      case "KeyAgreement":
        return List.of(Source.ACCP, Source.JDK, Source.BC);
      case "KeyPairGenerator":
        if (a.equals("RSA") || a.equals("EC") || a.equals("ED25519")) {
          return List.of(Source.ACCP, Source.JDK, Source.BC);
        }
        return List.of(Source.BC, Source.JDK);
      default:
        return List.of(Source.JDK, Source.BC);
    }
  }

  /** Creates an instance from a given source. */
  @FunctionalInterface
  interface Factory<T> {
    T create(String algorithm, Provider provider) throws GeneralSecurityException;
  }

  /** Initialises an instance; a provider refusing the key throws and the next one is tried. */
  @FunctionalInterface
  interface Init<T> {
    void init(T instance) throws GeneralSecurityException;
  }

  /**
   * The first instance, in decision-table order, that has the algorithm and accepts the
   * initialisation. The last provider's refusal is reported as {@code failureCode}.
   */
  static <T> T firstWorking(
      String type,
      String algorithm,
      Factory<T> factory,
      Init<T> init,
      long failureCode,
      String what)
      throws HsmException {
    return firstWorking(type, algorithm, factory, init, failureCode, () -> what);
  }

  /** As above, with the failure's description built only when there is a failure. */
  static <T> T firstWorking(
      String type,
      String algorithm,
      Factory<T> factory,
      Init<T> init,
      long failureCode,
      Supplier<String> what)
      throws HsmException {
    List<GeneralSecurityException> refusals = new ArrayList<>();
    for (Source s : order(type, algorithm)) {
      Provider p =
          s == Source.JDK
              ? SoftwareProviders.jdk(type, algorithm).orElse(null)
              : provider(s).orElse(null);
      if (p == null) {
        continue;
      }
      try {
        T t = factory.create(algorithm, p);
        init.init(t);
        return t;
      } catch (GeneralSecurityException | RuntimeException e) {
        refusals.add(
            e instanceof GeneralSecurityException g
                ? g
                : new GeneralSecurityException(e.toString(), e));
      }
    }
    GeneralSecurityException last =
        refusals.isEmpty()
            ? new GeneralSecurityException("no provider has " + algorithm)
            : refusals.get(refusals.size() - 1);
    throw new HsmException(failureCode, what.get() + ": " + last.getMessage(), last);
  }

  /**
   * What a pooled instance is filed under: its engine type and JCA algorithm, a variant whose keys
   * may need another provider (an EC curve's order), and the class of the key it serves. Which
   * provider accepts a key depends on the key's implementation (ACCP refuses Bouncy Castle's EdDSA
   * keys, BC takes the JDK's), so filing by key class makes the provider an operation runs on a
   * function of its key, never of what the thread happened to run before (a power-on self-test with
   * a BC key once left every later Ed25519 signature of that thread on BC). Built from constants
   * and the key, it costs no string building on the hot path.
   */
  static final class PoolKey {
    private final String type;
    private final String algorithm;
    private final Object variant;
    private final Class<?> keyClass;

    /** Computed once: the thread's pool map and the last-slot check hash and compare it often. */
    private final int hash;

    PoolKey(String type, String algorithm, Object variant, Class<?> keyClass) {
      this.type = type;
      this.algorithm = algorithm;
      this.variant = variant;
      this.keyClass = keyClass;
      int h = type.hashCode();
      h = 31 * h + algorithm.hashCode();
      h = 31 * h + java.util.Objects.hashCode(variant);
      this.hash = 31 * h + (keyClass == null ? 0 : keyClass.hashCode());
    }

    String type() {
      return type;
    }

    String algorithm() {
      return algorithm;
    }

    Object variant() {
      return variant;
    }

    Class<?> keyClass() {
      return keyClass;
    }

    /** True when this key files the same instances as the given parts (constants match first). */
    @SuppressWarnings("ReferenceEquality") // identity is the fast path; equals decides
    boolean matches(String t, String a, Object v, Class<?> k) {
      return keyClass == k
          && (type == t || type.equals(t))
          && (algorithm == a || algorithm.equals(a))
          && (variant == v || java.util.Objects.equals(variant, v));
    }

    @Override
    public boolean equals(Object o) {
      return o == this
          || o instanceof PoolKey k
              && hash == k.hash
              && k.matches(type, algorithm, variant, keyClass);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return type + "/" + algorithm + "/" + variant + "/" + keyClass;
    }

    /**
     * The pool key for these parts; the thread's previous key when it is the same (a thread
     * repeating one operation allocates no key per call).
     */
    static PoolKey of(String type, String algorithm, java.security.Key key) {
      return InstancePool.key(type, algorithm, "", key == null ? null : key.getClass());
    }

    static PoolKey of(String type, String algorithm, Object variant, java.security.Key key) {
      return InstancePool.key(type, algorithm, variant, key == null ? null : key.getClass());
    }
  }

  /**
   * Like {@link #firstWorking} but reuses an instance this thread released earlier under the same
   * pool key (getInstance is slow; instances are not thread-safe, so pools are per thread).
   */
  static <T> T acquire(PoolKey key, Factory<T> factory, Init<T> init, long failureCode, String what)
      throws HsmException {
    return acquire(key, factory, init, failureCode, () -> what);
  }

  /**
   * As above, with the failure's description built only on failure (a string concatenation per
   * operation showed in the 1 KiB AES-GCM profile).
   */
  static <T> T acquire(
      PoolKey key, Factory<T> factory, Init<T> init, long failureCode, Supplier<String> what)
      throws HsmException {
    @SuppressWarnings("unchecked") // the pool key includes the type, so the class matches
    T pooled = (T) InstancePool.poll(key);
    if (pooled != null) {
      try {
        init.init(pooled);
        return pooled;
      } catch (GeneralSecurityException | RuntimeException e) {
        // this provider refuses this key; fall through to the full search
      }
    }
    return firstWorking(key.type(), key.algorithm(), factory, init, failureCode, what);
  }

  /** Returns an instance for reuse by this thread once its operation finished. */
  static void release(PoolKey key, Object instance) {
    InstancePool.offer(key, instance);
  }

  /**
   * Like {@link #acquire}, for engines that a successful operation leaves initialised with the same
   * key (a Mac after doFinal): an instance released by {@link #releaseInitialised} with this very
   * key object is returned as it is, skipping the re-initialisation (HMAC's key padding, a
   * measurable share of a 1 KiB HMAC). Any other pooled instance is initialised as usual.
   */
  static <T> T acquireInitialised(
      PoolKey key,
      java.security.Key initKey,
      Factory<T> factory,
      Init<T> init,
      long failureCode,
      Supplier<String> what)
      throws HsmException {
    InstancePool.Slot slot = InstancePool.slot(key);
    if (!slot.isEmpty()) {
      boolean ready = initKey != null && slot.topInitialisedWith() == initKey;
      @SuppressWarnings("unchecked") // the pool key includes the type, so the class matches
      T pooled = (T) slot.pop();
      if (ready) {
        return pooled;
      }
      try {
        init.init(pooled);
        return pooled;
      } catch (GeneralSecurityException | RuntimeException ex) {
        // this provider refuses this key; fall through to the full search
      }
    }
    return firstWorking(key.type(), key.algorithm(), factory, init, failureCode, what);
  }

  /**
   * Returns an instance that a successful operation left initialised with {@code initKey} and no
   * other state (only call this on the success path).
   */
  static void releaseInitialised(PoolKey key, Object instance, java.security.Key initKey) {
    InstancePool.offer(key, instance, initKey);
  }

  /** Loads ACCP defensively: absent class, unsupported platform or failed self-test mean null. */
  private static final class AccpLoader {
    static Provider load() {
      if (Boolean.getBoolean("selene.accp.disable")) {
        return null;
      }
      try {
        Class<?> c =
            Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
        Provider p = (Provider) c.getField("INSTANCE").get(null);
        Object err = c.getMethod("getLoadingError").invoke(p);
        if (err != null) {
          return null;
        }
        return p;
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        return null;
      }
    }
  }

  static HsmException general(String what, Throwable cause) {
    return new HsmException(Ckr.GENERAL_ERROR, what + ": " + cause, cause);
  }
}
