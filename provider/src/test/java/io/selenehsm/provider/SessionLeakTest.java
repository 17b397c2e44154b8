package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.provider.testing.SeleneFixture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Creates and drops over a million keys and operations and checks that the engine's session and
 * object counts come back to where they started: operations always return their session, dropped
 * keys' session objects are destroyed by the cleaner, idle sessions close.
 */
class SessionLeakTest {
  private static final int OPERATIONS = 1_000_000;
  private static final int KEYS = 100_000;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void millionOperationsAndHundredThousandKeysLeaveNothingBehind() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      f.time().advance(Duration.ofHours(1));
      closeIdle(f);
      int sessions = f.openSessionCount();
      int objects = f.visibleObjectCount();

      SecretKey hmacKey = KeyGenerator.getInstance("HmacSHA256", f.provider()).generateKey();
      SecretKey aesKey = KeyGenerator.getInstance("AES", f.provider()).generateKey();
      Mac mac = Mac.getInstance("HmacSHA256", f.provider());
      mac.init(hmacKey);
      Cipher aes = Cipher.getInstance("AES/CBC/NoPadding", f.provider());
      aes.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(new byte[16]));
      byte[] block = new byte[16];
      for (int i = 0; i < OPERATIONS / 2; i++) {
        block[0] = (byte) i;
        mac.update(block);
        mac.doFinal();
        aes.doFinal(block);
      }
      KeyGenerator gen = KeyGenerator.getInstance("AES", f.provider());
      for (int i = 0; i < KEYS; i++) {
        SecretKey k = gen.generateKey();
        if (i % 1000 == 0) {
          aes.init(Cipher.ENCRYPT_MODE, k, new IvParameterSpec(new byte[16]));
          aes.doFinal(block);
        }
        if (i % 20_000 == 0) {
          System.gc();
        }
      }
      hmacKey = null;
      aesKey = null;
      mac = null;
      aes = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (f.visibleObjectCount() > objects && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(50);
      }
      assertEquals(objects, f.visibleObjectCount(), "session objects of dropped keys remain");
      f.time().advance(Duration.ofHours(1));
      closeIdle(f);
      assertEquals(sessions, f.openSessionCount(), "sessions leaked");
      assertTrue(sessions >= 1, "the object session holding the login stays open");
    }
  }

  private static void closeIdle(SeleneFixture f) throws Exception {
    f.provider().context().token(f.partitionSlot()).pool().closeIdle();
  }
}
