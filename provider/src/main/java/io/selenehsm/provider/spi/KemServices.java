package io.selenehsm.provider.spi;

/**
 * The {@code javax.crypto.KEM} services. Java 17 has no KEM API, so this base version adds none;
 * the provider jar is multi-release and its {@code META-INF/versions/21} copy of this class
 * (src/main/java21) adds {@code KEM "ML-KEM"}, {@code "ML-KEM-512"}, {@code "-768"} and {@code
 * "-1024"} on Java 21 and later. ML-KEM stays available on 17 through {@link
 * io.selenehsm.provider.SeleneKem}.
 */
final class KemServices {
  private KemServices() {}

  static void add(ServiceTable.Table table) {
    // Nothing to register below Java 21: javax.crypto.KEMSpi does not exist there.
  }
}
