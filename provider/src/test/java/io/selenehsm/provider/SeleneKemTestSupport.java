package io.selenehsm.provider;

import io.selenehsm.provider.testing.SeleneFixture;
import java.security.KeyPair;

/** KEM calls for tests: the public key is a Selene key, so no default provider is needed. */
final class SeleneKemTestSupport {
  private SeleneKemTestSupport() {}

  static SeleneKem.Encapsulated encapsulate(SeleneFixture f, KeyPair kem) throws Exception {
    return SeleneKem.encapsulate(kem.getPublic(), "AES");
  }
}
