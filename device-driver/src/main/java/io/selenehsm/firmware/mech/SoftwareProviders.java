package io.selenehsm.firmware.mech;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * The software providers the engine computes with, held by instance: the JDK's own providers and
 * Bouncy Castle. The engine never resolves an algorithm through the global provider list, because
 * Selene itself may sit anywhere in that list (position 1 included): a lookup by algorithm name
 * would find Selene, recurse into the engine and come back with a handle-backed, sensitive object
 * where software was meant.
 *
 * <p>The JDK providers are taken by name once, when this class loads, so later changes to the list
 * (a provider inserted at position 1, one removed) do not change what the engine uses. A JDK
 * provider removed from the list before Selene loaded is simply absent; every primitive then falls
 * back to Bouncy Castle.
 *
 * <p>Thread safety: the captured list is immutable; the per-algorithm choice is cached in a
 * concurrent map whose entries are computed idempotently (a race computes the same answer).
 */
public final class SoftwareProviders {
  private SoftwareProviders() {}

  /** The JDK providers that hold software primitives, in the JDK's own preference order. */
  private static final List<Provider> JDK = capture("SUN", "SunRsaSign", "SunEC", "SunJCE");

  private static final Map<String, Optional<Provider>> CHOSEN = new ConcurrentHashMap<>();

  private static List<Provider> capture(String... names) {
    List<Provider> found = new ArrayList<>();
    for (String n : names) {
      Provider p = Security.getProvider(n);
      if (p != null) {
        found.add(p);
      }
    }
    return List.copyOf(found);
  }

  /** Bouncy Castle, always present (a run-time dependency of the engine). */
  public static Provider bc() {
    return Primitives.BC;
  }

  /**
   * The first JDK provider that offers {@code type}/{@code algorithm} (a cipher transformation is
   * matched by its full name or its algorithm part), empty when none does.
   */
  public static Optional<Provider> jdk(String type, String algorithm) {
    return CHOSEN.computeIfAbsent(
        type + '\u0000' + algorithm.toUpperCase(Locale.ROOT), k -> findJdk(type, algorithm));
  }

  private static Optional<Provider> findJdk(String type, String algorithm) {
    int slash = algorithm.indexOf('/');
    String base = slash < 0 ? algorithm : algorithm.substring(0, slash);
    for (Provider p : JDK) {
      if (p.getService(type, algorithm) != null || p.getService(type, base) != null) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The JDK provider for an algorithm, else Bouncy Castle. */
  public static Provider jdkOrBc(String type, String algorithm) {
    return jdk(type, algorithm).orElse(Primitives.BC);
  }

  /** A message digest from the JDK (else Bouncy Castle). */
  public static MessageDigest digest(String algorithm) throws NoSuchAlgorithmException {
    return MessageDigest.getInstance(algorithm, jdkOrBc("MessageDigest", algorithm));
  }

  /** A MAC from the JDK (else Bouncy Castle). */
  public static Mac mac(String algorithm) throws NoSuchAlgorithmException {
    return Mac.getInstance(algorithm, jdkOrBc("Mac", algorithm));
  }

  /** A cipher from the JDK (else Bouncy Castle). */
  public static Cipher cipher(String transformation) throws GeneralSecurityException {
    return Cipher.getInstance(transformation, jdkOrBc("Cipher", transformation));
  }

  /** A key factory from the JDK (else Bouncy Castle). */
  public static KeyFactory keyFactory(String algorithm) throws NoSuchAlgorithmException {
    return KeyFactory.getInstance(algorithm, jdkOrBc("KeyFactory", algorithm));
  }

  /**
   * A software random source seeded by the operating system: the JDK's DRBG (else Bouncy Castle's).
   * {@code new SecureRandom()} would take the first provider's generator, which may be Selene's
   * own.
   */
  public static SecureRandom random() {
    try {
      return SecureRandom.getInstance("DRBG", jdkOrBc("SecureRandom", "DRBG"));
    } catch (NoSuchAlgorithmException e) {
      try {
        return SecureRandom.getInstance("DEFAULT", Primitives.BC);
      } catch (NoSuchAlgorithmException none) {
        throw new IllegalStateException("no software random source (JDK DRBG or BC)", none);
      }
    }
  }

  /** An X.509 certificate factory from the JDK (else Bouncy Castle). */
  public static CertificateFactory x509() throws CertificateException {
    return CertificateFactory.getInstance("X.509", jdkOrBc("CertificateFactory", "X.509"));
  }
}
