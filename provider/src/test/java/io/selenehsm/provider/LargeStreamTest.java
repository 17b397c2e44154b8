package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.provider.internal.SessionPool;
import io.selenehsm.provider.testing.SeleneFixture;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * 64 MiB through AES-CTR and SHA-256 in 1 MiB pieces from a generator, compared piece by piece with
 * the JDK: neither side ever holds the whole input. Also the life of the session a multi-part
 * operation pins: returned on final, ended by re-init, reset and failure, and freed by the cleaner
 * when the Cipher is dropped mid-operation.
 */
class LargeStreamTest {
  private static final int PIECE = 1 << 20;
  private static final int PIECES = 64;

  /** The same pseudo-random 1 MiB pieces on demand, so nothing has to keep them. */
  private static final class Pieces {
    private final SplittableRandom random = new SplittableRandom(64);
    private final byte[] piece = new byte[PIECE];

    byte[] next() {
      for (int i = 0; i < PIECE; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8; j++) {
          piece[i + j] = (byte) (v >>> (8 * j));
        }
      }
      return piece;
    }
  }

  @Test
  void sixtyFourMebibytesThroughAesCtrAndSha256() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      byte[] raw = new byte[32];
      new SplittableRandom(1).nextBytes(raw);
      SecretKeySpec soft = new SecretKeySpec(raw, "AES");
      SecretKey key = SecretKeyFactory.getInstance("AES", f.provider()).generateSecret(soft);
      byte[] iv = new byte[16];
      iv[15] = 1;
      Cipher ours = Cipher.getInstance("AES/CTR/NoPadding", f.provider());
      ours.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
      Cipher jdk = Cipher.getInstance("AES/CTR/NoPadding", "SunJCE");
      jdk.init(Cipher.ENCRYPT_MODE, soft, new IvParameterSpec(iv));
      MessageDigest sha = MessageDigest.getInstance("SHA-256", f.provider());
      MessageDigest jdkSha = MessageDigest.getInstance("SHA-256", "SUN");
      Pieces pieces = new Pieces();
      for (int i = 0; i < PIECES; i++) {
        byte[] p = pieces.next();
        assertArrayEquals(jdk.update(p), ours.update(p), "CTR piece " + i);
        sha.update(p);
        jdkSha.update(p);
      }
      assertEquals(0, ours.doFinal().length);
      assertArrayEquals(jdkSha.digest(), sha.digest(), "SHA-256 of 64 MiB");
      assertEquals(0, pool(f).borrowedCount(), "the pinned sessions went back");
    }
  }

  @Test
  void reinitResetAndFailureEndTheEngineOperation() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      SessionPool pool = pool(f);
      SecretKey aes = KeyGenerator.getInstance("AES", f.provider()).generateKey();
      Cipher c = Cipher.getInstance("AES/CBC/NoPadding", f.provider());
      c.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(new byte[16]));
      c.update(new byte[40]);
      assertEquals(1, pool.borrowedCount(), "a multi-part cipher pins one session");
      c.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(new byte[16]));
      assertEquals(0, pool.borrowedCount(), "re-init ends it");
      c.update(new byte[40]);
      javax.crypto.IllegalBlockSizeException e =
          assertThrows(javax.crypto.IllegalBlockSizeException.class, c::doFinal);
      assertEquals(
          io.selenehsm.firmware.rc.Ckr.DATA_LEN_RANGE,
          ((io.selenehsm.provider.exception.SeleneCryptokiException) e.getCause()).getReturnCode());
      assertEquals(0, pool.borrowedCount(), "a failed final returns it");
      assertEquals(32, c.update(new byte[32]).length, "the cipher works after the failure");
      assertEquals(0, c.doFinal().length);

      Mac mac = Mac.getInstance("HmacSHA256", f.provider());
      mac.init(KeyGenerator.getInstance("HmacSHA256", f.provider()).generateKey());
      mac.update(new byte[200_000]);
      assertEquals(1, pool.borrowedCount());
      assertThrows(CloneNotSupportedException.class, mac::clone);
      mac.reset();
      assertEquals(0, pool.borrowedCount(), "reset ends it");

      Signature s = Signature.getInstance("SHA256withECDSA", f.provider());
      java.security.KeyPair kp =
          java.security.KeyPairGenerator.getInstance("EC", f.provider()).generateKeyPair();
      s.initSign(kp.getPrivate());
      s.update(new byte[200_000]);
      assertEquals(1, pool.borrowedCount());
      s.initSign(kp.getPrivate());
      assertEquals(0, pool.borrowedCount(), "re-init ends a streaming signature");
    }
  }

  @Test
  void aCipherDroppedMidOperationFreesItsSession() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      SessionPool pool = pool(f);
      SecretKey aes = KeyGenerator.getInstance("AES", f.provider()).generateKey();
      startAndDrop(f, aes);
      assertEquals(1, pool.borrowedCount());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (pool.borrowedCount() > 0 && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(20);
      }
      assertEquals(0, pool.borrowedCount(), "the cleaner closed the abandoned operation");
      assertTrue(f.openSessionCount() >= 1);
    }
  }

  private static void startAndDrop(SeleneFixture f, SecretKey aes) throws Exception {
    Cipher c = Cipher.getInstance("AES/CTR/NoPadding", f.provider());
    c.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(new byte[16]));
    c.update(new byte[100]);
  }

  private static SessionPool pool(SeleneFixture f) throws Exception {
    return f.provider().context().token(f.partitionSlot()).pool();
  }
}
