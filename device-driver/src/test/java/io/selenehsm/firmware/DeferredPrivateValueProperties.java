package io.selenehsm.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.mech.KeyDecoder;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.HsmObject;
import java.security.PrivateKey;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For every key type and curve the engine generates, sensitive or not: the private value stays
 * deferred after generation, and once made it is byte for byte what the eager path ({@link
 * KeyObjects#privateAttributes}) stores for the same key, and the engine decodes it again.
 */
class DeferredPrivateValueProperties {
  private static Hsm hsm;
  private static long session;

  @BeforeContainer
  static void open() throws Exception {
    hsm = EngineFixtures.readyHsm(EngineFixtures.memoryOptions());
    session = EngineFixtures.coSession(hsm, 1, 7);
  }

  @AfterContainer
  static void close() throws Exception {
    hsm.close();
  }

  @Provide
  Arbitrary<DeferredPrivateValueTest.Kind> kinds() throws Exception {
    return Arbitraries.of(DeferredPrivateValueTest.kinds());
  }

  @Property(tries = 32)
  void theDeferredEncodingEqualsTheEagerOne(
      @ForAll("kinds") DeferredPrivateValueTest.Kind kind, @ForAll boolean sensitive)
      throws Exception {
    Attributes privT =
        sensitive
            ? Attributes.empty()
            : Attributes.builder().set(Cka.SENSITIVE, false).set(Cka.EXTRACTABLE, true).build();
    GeneratedKeyPair made =
        hsm.crypto()
            .generateKeyPairObjects(
                session, Mechanism.of(kind.mechanism()), kind.publicTemplate(), privT);
    HsmObject priv = hsm.partition(1).objects.get(made.privateHandle());
    assertTrue(priv.attributes().isDeferred(Cka.PRIVATE_KEY_INFO), kind.name());
    PrivateKey key = (PrivateKey) KeyObjects.decode(priv);
    byte[] eager =
        KeyObjects.privateAttributes(priv.keyType(), key, null).build().get(Cka.PRIVATE_KEY_INFO);
    byte[] late = priv.attributes().get(Cka.PRIVATE_KEY_INFO);
    assertArrayEquals(eager, late, kind.name());
    assertFalse(priv.attributes().isDeferred(Cka.PRIVATE_KEY_INFO), kind.name());
    // The late bytes are a key the engine reads back (a token copy is decoded from them).
    assertNotNull(KeyDecoder.privateKey(priv.keyType(), late), kind.name());
    hsm.destroyObject(session, made.privateHandle());
    hsm.destroyObject(session, made.publicHandle());
  }
}
