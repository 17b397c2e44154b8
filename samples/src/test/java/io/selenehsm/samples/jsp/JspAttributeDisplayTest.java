package io.selenehsm.samples.jsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.SeleneApi;
import io.selenehsm.provider.SeleneTokenObject;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.key.SeleneKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vendor's attribute-display sample with names mapped: find an object by handle and by OUID and
 * print its attributes; the common attributes exist with empty defaults (CKA_ID is an empty array,
 * not an error), secret material is refused with CKR_ATTRIBUTE_SENSITIVE.
 */
class JspAttributeDisplayTest {
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
  void byHandleAndByOuid() throws Exception {
    KeyGenerator kg = KeyGenerator.getInstance("AES", "Selene");
    kg.init(256);
    SeleneKey aes = (SeleneKey) kg.generateKey();
    aes.makePersistent("displayed");

    SeleneTokenObject byHandle = SeleneTokenObject.locateObjectByHandle((int) aes.getKeyHandle());
    assertNotNull(byHandle);
    SeleneTokenObject byOuid = SeleneTokenObject.locateObjectByOUID(aes.getOUID(), aes.getSlot());
    assertNotNull(byOuid);
    assertEquals(byHandle.getHandle(), byOuid.getHandle());
    assertArrayEquals(
        new long[] {SeleneApi.CKO_SECRET_KEY, SeleneApi.CKK_AES}, byHandle.getClassAndType());
    assertArrayEquals(
        "displayed".getBytes(StandardCharsets.UTF_8),
        byHandle.getLargeAttribute(SeleneApi.CKA_LABEL));
    assertArrayEquals(new byte[0], byHandle.getLargeAttribute(SeleneApi.CKA_ID));
    assertArrayEquals(new byte[0], byHandle.getLargeAttribute(SeleneApi.CKA_START_DATE));
    assertArrayEquals(new byte[0], byHandle.getLargeAttribute(SeleneApi.CKA_END_DATE));
    assertTrue(byHandle.getBooleanAttribute(SeleneApi.CKA_TOKEN));
    assertTrue(byHandle.getBooleanAttribute(SeleneApi.CKA_SENSITIVE));
    assertFalse(byHandle.getBooleanAttribute(SeleneApi.CKA_EXTRACTABLE));
    SeleneCryptokiException secret =
        assertThrows(
            SeleneCryptokiException.class, () -> byHandle.getLargeAttribute(SeleneApi.CKA_VALUE));
    assertEquals(Ckr.ATTRIBUTE_SENSITIVE, secret.getReturnCode());
    assertNull(SeleneTokenObject.locateObjectByOUID(new byte[12], aes.getSlot()));
  }

  @Test
  void keyPairHalvesHaveEmptyIdAndSubject() throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA", "Selene");
    kpg.initialize(2048);
    KeyPair pair = kpg.generateKeyPair();
    for (Object half : new Object[] {pair.getPrivate(), pair.getPublic()}) {
      SeleneKey k = (SeleneKey) half;
      SeleneTokenObject o = SeleneTokenObject.locateObjectByHandle((int) k.getKeyHandle());
      assertArrayEquals(new byte[0], o.getLargeAttribute(SeleneApi.CKA_ID), k.toString());
      assertArrayEquals(new byte[0], o.getLargeAttribute(SeleneApi.CKA_SUBJECT), k.toString());
    }
  }
}
