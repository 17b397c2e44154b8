package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.provider.testing.SeleneFixture;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * One Cipher object reused for many single-part doFinal calls (its engine call object is reused
 * too): every call runs with the key, direction, IV and input of its own init, also when they
 * change from call to call, when the caller reuses one array for every input, and after a refused
 * call.
 */
class CipherCallReuseTest {
  @Test
  void everyCallUsesTheKeyDirectionAndInputOfItsOwnInit() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      Random r = new Random(1616);
      SecretKeySpec[] keys = new SecretKeySpec[3];
      for (int i = 0; i < keys.length; i++) {
        byte[] v = new byte[32];
        r.nextBytes(v);
        keys[i] = new SecretKeySpec(v, "AES");
      }
      Cipher selene = Cipher.getInstance("AES/GCM/NoPadding", f.provider());
      Cipher reference = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
      byte[] shared = new byte[1024];
      for (int round = 0; round < 60; round++) {
        SecretKeySpec key = keys[round % keys.length];
        byte[] iv = new byte[12];
        r.nextBytes(iv);
        GCMParameterSpec spec = new GCMParameterSpec(128, iv);
        byte[] data = round % 4 == 3 ? new byte[r.nextInt(2048)] : shared;
        r.nextBytes(data);
        reference.init(Cipher.ENCRYPT_MODE, key, spec);
        byte[] sealed = reference.doFinal(data);

        selene.init(Cipher.ENCRYPT_MODE, key, spec);
        assertArrayEquals(sealed, selene.doFinal(data), "encrypt, round " + round);
        selene.init(Cipher.DECRYPT_MODE, key, spec);
        assertArrayEquals(data, selene.doFinal(sealed), "decrypt, round " + round);

        if (round % 5 == 0) {
          // A refused call (another key's tag) leaves nothing behind for the next call.
          SecretKeySpec other = keys[(round + 1) % keys.length];
          selene.init(Cipher.DECRYPT_MODE, other, spec);
          byte[] copy = sealed.clone();
          assertThrows(AEADBadTagException.class, () -> selene.doFinal(copy), "round " + round);
        }
      }
    }
  }
}
