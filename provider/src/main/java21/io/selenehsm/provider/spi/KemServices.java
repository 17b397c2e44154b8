package io.selenehsm.provider.spi;

import java.util.List;

/**
 * The {@code javax.crypto.KEM} services of Java 21 and later (this copy of the class lives in
 * the jar's {@code META-INF/versions/21}): {@code "ML-KEM"} takes a key of any parameter set,
 * {@code "ML-KEM-512"}, {@code "ML-KEM-768"} and {@code "ML-KEM-1024"} only their own.
 */
final class KemServices {
  private KemServices() {}

  static void add(ServiceTable.Table table) {
    table.add("KEM", "ML-KEM", List.of(), SeleneKemSpi.class, true,
        c -> new SeleneKemSpi(c, null));
    for (SeleneKemSpi.ParameterSet p : SeleneKemSpi.ParameterSet.values()) {
      table.add("KEM", p.algorithm(), List.of(), SeleneKemSpi.class, true,
          c -> new SeleneKemSpi(c, p));
    }
  }
}
