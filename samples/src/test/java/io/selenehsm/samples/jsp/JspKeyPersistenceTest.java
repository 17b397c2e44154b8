package io.selenehsm.samples.jsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.DefaultDevices;
import io.selenehsm.provider.SlotManager;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.key.SeleneKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vendor's key-persistence sample with names mapped: keys generated through the provider are
 * session objects until {@code SeleneKey.makePersistent(label)}; persistent ones outlive the login
 * and the provider and are found again by label.
 */
class JspKeyPersistenceTest {
  private JspDevice device;

  @BeforeEach
  void setUp() throws Exception {
    device = JspDevice.provisioned();
    JspDevice.loginThenRegister();
  }

  @AfterEach
  void tearDown() {
    device.close();
  }

  @Test
  void madePersistentKeysOutliveTheLoginSessionKeysDoNot() throws Exception {
    KeyGenerator kg = KeyGenerator.getInstance("AES", "Selene");
    kg.init(128);
    SecretKey persistent = kg.generateKey();
    SecretKey transientKey = kg.generateKey();
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA", "Selene");
    kpg.initialize(2048);
    KeyPair pair = kpg.generateKeyPair();
    assertFalse(((SeleneKey) persistent).isPersistent());
    ((SeleneKey) persistent).makePersistent("jsp-aes");
    ((SeleneKey) pair.getPrivate()).makePersistent("jsp-rsa");
    ((SeleneKey) pair.getPublic()).makePersistent("jsp-rsa");
    assertTrue(((SeleneKey) persistent).isPersistent());
    byte[] expected = encryptBlock(persistent);
    byte[] ouid = ((SeleneKey) persistent).getOUID();

    // The application ends: the provider goes, the JVM-wide login ends, as after a restart.
    SlotManager.getInstance().logout();
    Security.removeProvider("Selene");
    DefaultDevices.use(device.devices);
    JspDevice.loginThenRegister();

    SeleneKey found = SeleneKey.locateKeyByAlias("jsp-aes");
    assertNotNull(found);
    assertArrayEquals(ouid, found.getOUID());
    assertArrayEquals(expected, encryptBlock((SecretKey) found));
    assertEquals("jsp-rsa", SeleneKey.locateKeyByAlias("jsp-rsa").getLabel());
    // The key never made persistent was a session object of the ended login.
    // doFinal throws what JCA declares for it; the HSM's code travels as the cause.
    javax.crypto.IllegalBlockSizeException thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            javax.crypto.IllegalBlockSizeException.class, () -> encryptBlock(transientKey));
    SeleneCryptokiException gone = (SeleneCryptokiException) thrown.getCause();
    assertEquals(Ckr.OBJECT_HANDLE_INVALID, gone.getReturnCode());
    assertNull(SeleneKey.locateKeyByAlias("never-stored"));
  }

  private static byte[] encryptBlock(SecretKey key) throws Exception {
    Cipher c = Cipher.getInstance("AES/ECB/NoPadding", "Selene");
    c.init(Cipher.ENCRYPT_MODE, key);
    return c.doFinal(new byte[16]);
  }
}
