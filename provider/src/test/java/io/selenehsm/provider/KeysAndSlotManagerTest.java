package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.provider.key.SeleneRsaPrivateKey;
import io.selenehsm.provider.testing.SeleneFixture;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Date;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class KeysAndSlotManagerTest {
  @Test
  void sensitiveKeysShowAttributesNotValuesAndRefuseSerialization() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      KeyPair kp = KeyPairGenerator.getInstance("RSA", f.provider()).generateKeyPair();
      assertInstanceOf(SeleneRsaPrivateKey.class, kp.getPrivate());
      assertFalse(kp.getPrivate() instanceof RSAPrivateKey, "no private exponent exposed");
      assertNull(kp.getPrivate().getEncoded());
      assertEquals(
          ((RSAPublicKey) kp.getPublic()).getModulus(),
          ((SeleneRsaPrivateKey) kp.getPrivate()).getModulus());
      String s = kp.getPrivate().toString();
      assertTrue(s.contains("sensitive") && s.contains("session object"), s);
      assertThrows(
          NotSerializableException.class,
          () -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(kp.getPrivate()));
      new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(kp.getPublic());
      assertEquals(kp.getPrivate(), kp.getPrivate());
      assertNotEquals(kp.getPrivate(), kp.getPublic());
      assertNotEquals(kp.getPrivate(), null);
      assertEquals("X.509", kp.getPublic().getFormat());
      SecretKey aes = KeyGenerator.getInstance("AES", f.provider()).generateKey();
      assertNull(aes.getEncoded());
      assertNull(aes.getFormat());
      f.slotManager().setSecretKeysExtractable(true);
      SeleneKey open = (SeleneKey) KeyGenerator.getInstance("AES", f.provider()).generateKey();
      f.slotManager().setSecretKeysExtractable(false);
      assertTrue(open.isExtractable());
      assertNull(open.getEncoded(), "extractable but still sensitive: no value");
    }
  }

  @Test
  void makePersistentThenLocateByAliasAndOuid() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn().register()) {
      KeyPair kp = KeyPairGenerator.getInstance("EC", f.provider()).generateKeyPair();
      SeleneKey priv = (SeleneKey) kp.getPrivate();
      byte[] ouid = priv.getOUID();
      assertEquals(12, ouid.length);
      assertNull(priv.getDateMadePersistent());
      priv.makePersistent("ec-signing");
      assertTrue(priv.isPersistent());
      assertNotNull(priv.getDateMadePersistent());
      assertArrayEquals(ouid, priv.getOUID(), "the OUID survives the copy");
      SeleneKey found = SeleneKey.locateKeyByAlias("ec-signing");
      assertEquals(priv, found);
      assertEquals(priv.hashCode(), found.hashCode());
      assertNull(SeleneKey.locateKeyByAlias("no-such-key"));
      SeleneTokenObject o = SeleneTokenObject.locateObjectByOUID(ouid, f.partitionSlot());
      assertNotNull(o);
      assertArrayEquals(
          new long[] {SeleneApi.CKO_PRIVATE_KEY, SeleneApi.CKK_EC}, o.getClassAndType());
      assertTrue(o.getBooleanAttribute(SeleneApi.CKA_TOKEN));
      assertTrue(o.getBooleanAttribute(SeleneApi.CKA_SENSITIVE));
      SeleneCryptokiException e =
          assertThrows(
              SeleneCryptokiException.class,
              () -> o.getLargeAttribute(SeleneApi.CKA_PRIVATE_KEY_INFO));
      assertEquals(Ckr.ATTRIBUTE_SENSITIVE, e.getReturnCode());
      assertNotNull(SeleneTokenObject.locateObjectByHandle((int) priv.getKeyHandle()));
      assertNull(SeleneTokenObject.locateObjectByHandle(999_999));
      X509Certificate cert =
          SeleneCertificateX509.selfSign(
              kp,
              "CN=selene test",
              BigInteger.TEN,
              new Date(),
              new Date(System.currentTimeMillis() + 86_400_000L));
      cert.verify(kp.getPublic());
      assertEquals("CN=selene test", cert.getSubjectX500Principal().getName());
    }
  }

  @Test
  void loginFlowsByLabelSlotAndRole() {
    try (SeleneFixture f = SeleneFixture.create()) {
      SlotManager sm = f.slotManager();
      assertFalse(sm.isLoggedIn());
      assertEquals(-1, sm.findSlotFromLabel("nope"));
      assertEquals(f.partitionSlot(), sm.findSlotFromLabel(SeleneFixture.PARTITION_LABEL));
      assertArrayEquals(new int[] {f.partitionSlot()}, sm.getSlotList());
      assertEquals(SeleneFixture.PARTITION_LABEL, sm.getTokenLabel(f.partitionSlot()));
      assertTrue(
          sm.getTokenSerialNumber(f.partitionSlot()).startsWith(SeleneFixture.DEVICE_SERIAL));
      assertEquals(3, sm.getTokenFirmwareVersion(f.partitionSlot()).length);
      SeleneCryptokiException bad =
          assertThrows(
              SeleneCryptokiException.class,
              () -> sm.login(SeleneFixture.PARTITION_LABEL, "wrong-password"));
      assertEquals(Ckr.PIN_INCORRECT, bad.getReturnCode());
      assertFalse(sm.isLoggedIn());
      sm.login(SeleneFixture.PARTITION_LABEL, SeleneFixture.CO_PIN);
      assertTrue(sm.isLoggedIn());
      sm.logout();
      assertFalse(sm.isLoggedIn());
      sm.login(f.partitionSlot(), UserRole.CRYPTO_USER, SeleneFixture.CU_PIN);
      assertTrue(sm.isLoggedIn(f.partitionSlot()));
      sm.logout();
      sm.setDefaultSlot(f.partitionSlot());
      sm.login(SeleneFixture.CO_PIN);
      assertTrue(sm.isLoggedIn());
      assertEquals(
          Ckr.TOKEN_NOT_PRESENT,
          assertThrows(
                  SeleneCryptokiException.class,
                  () -> sm.login("absent-label", SeleneFixture.CO_PIN))
              .getReturnCode());
      sm.reinitialize();
      assertFalse(sm.isLoggedIn());
      assertEquals("0A FF", SeleneUtils.getHexString(new byte[] {10, -1}, true));
      assertArrayEquals(new byte[] {10, -1}, SeleneUtils.hexStringToByteArray("0aff"));
    }
  }

  @Test
  void foreignPrivateKeysImportOnlyWhenPolicyAllows() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      KeyPair soft = KeyPairGenerator.getInstance("EC", "SunEC").generateKeyPair();
      java.security.Signature s =
          java.security.Signature.getInstance("SHA256withECDSA", f.provider());
      s.initSign(soft.getPrivate());
      s.update(new byte[] {1});
      byte[] sig = s.sign();
      java.security.Signature v = java.security.Signature.getInstance("SHA256withECDSA", "SunEC");
      v.initVerify(soft.getPublic());
      v.update(new byte[] {1});
      assertTrue(v.verify(sig));
      f.setPartitionPolicy(2, 0);
      java.security.InvalidKeyException e =
          assertThrows(
              java.security.InvalidKeyException.class, () -> s.initSign(soft.getPrivate()));
      assertEquals(Ckr.ACTION_PROHIBITED, ((SeleneCryptokiException) e.getCause()).getReturnCode());
    }
  }
}
