package io.selenehsm.provider.key;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.KeyObject;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.security.Key;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The object and token behind a key are off the API: SeleneKey has no public or protected way to
 * them, and the bridge provider internals use cannot be taken over.
 */
class KeyAccessTest {
  /** A would-be implementation from this package, arriving after the real one. */
  private static final class Impostor implements KeyAccess.Keys {
    @Override
    public KeyObject objectOf(Key key) {
      return null;
    }

    @Override
    public Key keyOf(KeyObject object, String algorithm) {
      return null;
    }

    @Override
    public java.security.KeyPair pairOf(KeyObject publicObject, KeyObject privateObject) {
      return null;
    }
  }

  @Test
  void seleneKeyOffersNoWayToItsObjectOrToken() {
    Set<String> internal = Set.of("keyObject", "token", "locate");
    for (Class<?> c = SeleneSecretKey.class; c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        boolean reachable =
            Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
        assertFalse(reachable && internal.contains(m.getName()), "reachable: " + m);
      }
    }
    assertFalse(
        Arrays.stream(SeleneKey.class.getDeclaredConstructors())
            .anyMatch(
                k -> Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers())),
        "users cannot subclass SeleneKey");
  }

  @Test
  void aSecondImplementationIsRefused() {
    KeyAccess.isSelene(new SecretKeySpec(new byte[16], "AES")); // the real one is installed
    assertThrows(IllegalStateException.class, () -> KeyAccess.install(new Impostor()));
  }

  @Test
  void anImplementationFromOutsideTheKeyPackageIsRefused() {
    KeyAccess.Keys outsider =
        (KeyAccess.Keys)
            Proxy.newProxyInstance(
                KeyAccessTest.class.getClassLoader(),
                new Class<?>[] {KeyAccess.Keys.class},
                (proxy, method, args) -> null);
    assertThrows(IllegalArgumentException.class, () -> KeyAccess.install(outsider));
  }

  @Test
  void aForeignKeyHasNoObjectOrToken() {
    Key software = new SecretKeySpec(new byte[16], "AES");
    assertFalse(KeyAccess.isSelene(software));
    assertNull(KeyAccess.object(software));
    assertNull(KeyAccess.token(software));
    assertNull(KeyAccess.object(null));
  }
}
