package io.selenehsm.samples.jsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.selenehsm.provider.SlotManager;
import io.selenehsm.provider.key.SeleneKey;
import java.security.Key;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vendor's wrap/unwrap samples with names mapped: an extractable AES key leaves the HSM only
 * encrypted under a wrapping key (AES-KW, AES-KWP, AES-CBC-PAD, DES3-CBC-PAD) and comes back in as
 * a new, sensitive key that computes exactly what the original computes. Outside FIPS mode DES3 may
 * wrap AES-128, as the vendor's DES3 sample does.
 */
class JspWrapUnwrapTest {
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

  @ParameterizedTest(name = "{0} under {1}-{2}")
  @CsvSource({
    "AES/KW/NoPadding, AES, 256",
    "AES/KWP/NoPadding, AES, 256",
    "AES/CBC/PKCS5Padding, AES, 256",
    "DESede/CBC/PKCS5Padding, DESede, 192"
  })
  void wrapThenUnwrapGivesTheSameKey(String transformation, String kekAlgorithm, int kekBits)
      throws Exception {
    KeyGenerator kekGen = KeyGenerator.getInstance(kekAlgorithm, "Selene");
    kekGen.init(kekBits);
    SecretKey kek = kekGen.generateKey();
    SlotManager.getInstance().setSecretKeysExtractable(true);
    SecretKey target;
    try {
      KeyGenerator kg = KeyGenerator.getInstance("AES", "Selene");
      kg.init(128);
      target = kg.generateKey();
    } finally {
      SlotManager.getInstance().setSecretKeysExtractable(false);
    }
    Cipher wrapper = Cipher.getInstance(transformation, "Selene");
    wrapper.init(Cipher.WRAP_MODE, kek);
    byte[] wrapped = wrapper.wrap(target);
    Cipher unwrapper = Cipher.getInstance(transformation, "Selene");
    unwrapper.init(Cipher.UNWRAP_MODE, kek, wrapper.getParameters());
    Key back = unwrapper.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
    assertInstanceOf(SeleneKey.class, back);
    assertNull(back.getEncoded(), "the unwrapped key stays in the HSM");
    assertArrayEquals(encryptBlock(target), encryptBlock((SecretKey) back));
  }

  private static byte[] encryptBlock(SecretKey key) throws Exception {
    Cipher c = Cipher.getInstance("AES/ECB/NoPadding", "Selene");
    c.init(Cipher.ENCRYPT_MODE, key);
    return c.doFinal(new byte[16]);
  }
}
