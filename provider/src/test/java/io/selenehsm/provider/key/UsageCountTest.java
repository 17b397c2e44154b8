package io.selenehsm.provider.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.testing.SeleneFixture;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import org.junit.jupiter.api.Test;

/** {@link SeleneKey#getUsageCount()} reads the HSM's counter, which every operation raises. */
class UsageCountTest {
  @Test
  void eachSignatureInTheHsmCountsOnce() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      KeyPair kp = KeyPairGenerator.getInstance("EC", f.provider()).generateKeyPair();
      SeleneKey key = (SeleneKey) kp.getPrivate();
      long before = key.getUsageCount();
      Signature s = Signature.getInstance("SHA256withECDSA", f.provider());
      for (int i = 0; i < 3; i++) {
        s.initSign(kp.getPrivate());
        s.update(new byte[] {(byte) i});
        s.sign();
      }
      assertEquals(before + 3, key.getUsageCount());
    }
  }

  @Test
  void aDestroyedKeyReportsTheHsmError() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      SeleneKey key =
          (SeleneKey)
              KeyPairGenerator.getInstance("EC", f.provider()).generateKeyPair().getPrivate();
      key.destroy();
      assertThrows(SeleneCryptokiException.class, key::getUsageCount);
    }
  }
}
