package io.selenehsm.provider.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.selenehsm.provider.testing.SeleneFixture;
import java.lang.reflect.Method;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAKey;
import org.junit.jupiter.api.Test;

/**
 * {@code getParams()} answers on every Java: from Java 22 on {@code AsymmetricKey} adds a default
 * {@code getParams()} that clashes with {@code RSAKey}'s in a class implementing both.
 */
class KeyParamsTest {

  @Test
  void rsaKeysAnswerGetParamsThroughEveryInterface() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", f.provider());
      g.initialize(2048);
      KeyPair pair = g.generateKeyPair();
      for (Key k : new Key[] {pair.getPrivate(), pair.getPublic()}) {
        assertNull(((RSAKey) k).getParams(), k.toString());
        assertEquals(2048, ((RSAKey) k).getModulus().bitLength());
        Method viaAsymmetricKey = asymmetricKeyGetParams();
        if (viaAsymmetricKey != null) { // Java 22+: the call keytool makes
          assertNull(viaAsymmetricKey.invoke(k), k.toString());
        }
      }
    }
  }

  private static Method asymmetricKeyGetParams() {
    try {
      return Class.forName("java.security.AsymmetricKey").getMethod("getParams");
    } catch (ReflectiveOperationException e) {
      return null; // Java 17 to 21 have no AsymmetricKey
    }
  }
}
