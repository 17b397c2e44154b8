package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.internal.Token;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.provider.testing.SeleneFixture;
import java.security.InvalidKeyException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.Test;

/**
 * The usage flags a key decides once per attribute snapshot (read at every cipher init) never let
 * through an operation the object no longer allows: after the object's CKA_ENCRYPT is turned off
 * behind the key's back the next encryption is refused by the engine, and a key committed to
 * encryption by its first use is refused for decryption at init.
 */
class UsageFlagsCacheTest {
  @Test
  void anAttributeTurnedOffBehindTheKeyRefusesTheNextOperation() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      KeyGenerator g = KeyGenerator.getInstance("AES", f.provider());
      g.init(256);
      SecretKey key = g.generateKey();
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding", f.provider());
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[12]));
      byte[] first = c.doFinal(new byte[32]);
      assertEquals(48, first.length);

      Token token = f.provider().context().token(f.partitionSlot());
      long handle = ((SeleneKey) key).getKeyHandle();
      token.call(
          (s, h) -> {
            s.setAttributes(h, handle, Attributes.builder().set(Cka.ENCRYPT, false).build());
            return null;
          });

      Exception e =
          assertThrows(
              Exception.class,
              () -> {
                c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[] {1}));
                c.doFinal(new byte[32]);
              });
      assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, code(e), e.toString());
    }
  }

  @Test
  void aFlagDecidedBeforeTheFirstUseFollowsTheSettledSnapshot() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      SecretKey key = KeyGenerator.getInstance("AES", f.provider()).generateKey();
      Cipher dec = Cipher.getInstance("AES/GCM/NoPadding", f.provider());
      Cipher enc = Cipher.getInstance("AES/GCM/NoPadding", f.provider());
      enc.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[12]));
      byte[] ct = enc.doFinal(new byte[16]);
      // Decrypting is a data use too, so it stays allowed; wrapping is refused at init now.
      dec.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, new byte[12]));
      assertArrayEquals(new byte[16], dec.doFinal(ct));
      Cipher wrap = Cipher.getInstance("AES/KW/NoPadding", f.provider());
      InvalidKeyException refused =
          assertThrows(InvalidKeyException.class, () -> wrap.init(Cipher.WRAP_MODE, key));
      assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, code(refused), refused.toString());
    }
  }

  private static long code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SeleneCryptokiException s) {
        return s.getReturnCode();
      }
    }
    return -1;
  }
}
