package io.selenehsm.server.trust;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA services the device service uses for its own needs (its TLS identities, certificates,
 * fingerprints, public keys on the wire), never taken from the Selene provider. An application that
 * installs Selene first in the provider list and uses network devices would otherwise have the
 * connection to its devices ask those same devices, while they are being opened, to parse its key.
 */
public final class SoftwareJca {
  /** The name the Selene JCA provider registers under. */
  static final String SELENE = "Selene";

  /** Bouncy Castle, for the conversions its PEM and certificate builders make. */
  public static final Provider BC = new BouncyCastleProvider();

  private static final SecureRandom RANDOM = newRandom();

  private SoftwareJca() {}

  /**
   * The first provider in the list, Selene left out, that offers {@code algorithm} of {@code
   * service} (e.g. "KeyFactory", "EC"); Bouncy Castle when none does.
   */
  public static Provider provider(String service, String algorithm)
      throws NoSuchAlgorithmException {
    Provider[] offering = Security.getProviders(service + "." + algorithm);
    if (offering != null) {
      for (Provider p : offering) {
        if (!SELENE.equals(p.getName())) {
          return p;
        }
      }
    }
    if (BC.getService(service, algorithm) != null) {
      return BC;
    }
    throw new NoSuchAlgorithmException("no software provider offers " + service + " " + algorithm);
  }

  /** A software random generator (the JDK's DRBG, else Bouncy Castle's default). */
  public static SecureRandom random() {
    return RANDOM;
  }

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG", provider("SecureRandom", "DRBG"));
    } catch (NoSuchAlgorithmException e) {
      try {
        return SecureRandom.getInstance("DEFAULT", BC);
      } catch (NoSuchAlgorithmException none) {
        throw new IllegalStateException("no software random generator", none);
      }
    }
  }
}
