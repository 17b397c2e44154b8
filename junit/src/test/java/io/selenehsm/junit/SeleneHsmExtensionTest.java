package io.selenehsm.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.SlotManager;
import io.selenehsm.provider.key.SeleneKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

/** The default fixture: what a test gets, through the constructor and method parameters. */
@SeleneHsm
class SeleneHsmExtensionTest {
  private final SeleneHsmAdmin fromConstructor;

  SeleneHsmExtensionTest(SeleneHsmAdmin admin) {
    this.fromConstructor = admin;
  }

  @Test
  void theProviderIsRegisteredAsSeleneAndLoggedInAsCryptoOfficer(
      SeleneProvider selene, SlotManager slots, SeleneHsmAdmin admin) {
    assertSame(selene, Security.getProvider("Selene"));
    assertSame(slots, SlotManager.getInstance(), "SlotManager.getInstance() serves the fixture");
    assertSame(admin, fromConstructor, "the constructor's HSM is the one the test runs on");
    assertTrue(slots.isLoggedIn(admin.slot()));
    assertEquals(admin.slot(), slots.getWorkingSlot());
    assertEquals("test-partition", slots.getTokenLabel(admin.slot()));
    assertEquals(admin.slot(), slots.findSlotFromLabel("test-partition"));
    assertTrue(admin.seleneHome().isEmpty(), "in memory by default");
  }

  @Test
  void signsVerifiesAndPersistsAKeyInThePartition(SeleneProvider selene) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", selene);
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    byte[] data = "fixture".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withECDSA", selene);
    signer.initSign(pair.getPrivate());
    signer.update(data);
    byte[] sig = signer.sign();
    Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
    jdk.initVerify(pair.getPublic());
    jdk.update(data);
    assertTrue(jdk.verify(sig), "the JDK verifies the HSM's signature");
    assertNull(pair.getPrivate().getEncoded(), "the private key never leaves the HSM");

    ((SeleneKey) pair.getPrivate()).makePersistent("fixture-ec");
    assertNotNull(SeleneKey.locateKeyByAlias("fixture-ec"));
  }

  @Test
  void eachMethodGetsAFreshHsm(SlotManager slots) {
    assertNull(
        slots.locateKeyByAlias("fixture-ec"),
        "a key another test method persisted is not in this method's HSM");
  }
}
