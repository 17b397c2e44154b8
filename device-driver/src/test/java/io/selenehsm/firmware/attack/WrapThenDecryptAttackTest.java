package io.selenehsm.firmware.attack;

import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.EngineFixtures;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrap/decrypt (Clulow 2003): wrap a sensitive key under W, then decrypt the wrapped bytes with W
 * itself and read the key. Refused by key separation: W's first wrap commits it to key handling, so
 * it no longer decrypts; and nothing turns DECRYPT back on.
 */
class WrapThenDecryptAttackTest {
  private AttackBench b;

  @BeforeEach
  void setUp() throws HsmException {
    b = AttackBench.open();
  }

  @Test
  void aKeyThatWrappedCannotDecryptWhatItWrapped() throws Exception {
    long w = b.defaultAes();
    long k = b.sensitiveExtractable(32);
    byte[] wrapped = b.crypto.wrapKey(b.co, AttackBench.cbcPad(), w, k);
    assertFails(
        Ckr.KEY_FUNCTION_NOT_PERMITTED,
        () -> b.crypto.decrypt(b.co, AttackBench.cbcPad(), w, wrapped),
        "CKA_DECRYPT");
    assertFails(
        Ckr.KEY_FUNCTION_NOT_PERMITTED,
        () -> b.crypto.decryptInit(b.co, AttackBench.cbcPad(), w),
        "CKA_DECRYPT");
    assertFalse(b.bool(w, Cka.DECRYPT));
    assertFalse(b.bool(w, Cka.ENCRYPT));
    assertTrue(b.bool(w, Cka.WRAP) && b.bool(w, Cka.UNWRAP), "W keeps its key usage");
  }

  @Test
  void aKeyThatDecryptedDataCannotWrap() throws Exception {
    long w = b.defaultAes();
    long k = b.sensitiveExtractable(32);
    byte[] ct = b.crypto.encrypt(b.co, AttackBench.ecb(), w, new byte[16]).ciphertext();
    assertArrayEquals(new byte[16], b.crypto.decrypt(b.co, AttackBench.ecb(), w, ct));
    assertFails(
        Ckr.KEY_FUNCTION_NOT_PERMITTED,
        () -> b.crypto.wrapKey(b.co, AttackBench.cbcPad(), w, k),
        "CKA_WRAP");
    assertFalse(b.bool(w, Cka.WRAP));
  }

  @Test
  void aTemplateAskingForBothIsRefusedUnlessThePartitionAllowsIt() throws Exception {
    Attributes.Builder both = Attributes.builder().set(Cka.WRAP, true).set(Cka.DECRYPT, true);
    assertFails(Ckr.TEMPLATE_INCONSISTENT, () -> b.aes(32, both), "policy 1000");
    assertFails(
        Ckr.TEMPLATE_INCONSISTENT,
        () ->
            b.hsm.createObject(
                b.co,
                EngineFixtures.aesKey("both", false).toBuilder()
                    .set(Cka.UNWRAP, true)
                    .set(Cka.ENCRYPT, true)
                    .build()),
        "policy 1000");
    b.partitionPolicy(PartitionPolicies.DUAL_PURPOSE_KEYS, 1);
    long w = b.aes(32, Attributes.builder().set(Cka.WRAP, true).set(Cka.DECRYPT, true));
    long k = b.sensitiveExtractable(16);
    byte[] wrapped = b.crypto.wrapKey(b.co, AttackBench.cbcPad(), w, k);
    // Opted in: the partition accepted the risk, and the key keeps both kinds of usage.
    assertEquals(16, b.crypto.decrypt(b.co, AttackBench.cbcPad(), w, wrapped).length);
    assertTrue(b.bool(w, Cka.WRAP) && b.bool(w, Cka.DECRYPT));
  }

  @Test
  void aCommittedKeyCannotBeGivenTheOtherUsageBack() throws Exception {
    long w = b.defaultAes();
    b.crypto.wrapKey(b.co, AttackBench.kw(), w, b.sensitiveExtractable(16));
    Attributes decrypt = Attributes.builder().set(Cka.DECRYPT, true).build();
    assertFails(
        Ckr.ATTRIBUTE_VALUE_INVALID, () -> b.hsm.setAttributes(b.co, w, decrypt), "committed");
    assertFails(Ckr.ATTRIBUTE_VALUE_INVALID, () -> b.hsm.copyObject(b.co, w, decrypt), "committed");
    assertFalse(b.bool(w, Cka.DECRYPT), "the refused change left the key as it was");
  }

  @Test
  void copiesMadeBeforeTheFirstUseCommitWithTheOriginal() throws Exception {
    long w = b.defaultAes();
    long sessionCopy = b.hsm.copyObject(b.co, w, Attributes.empty());
    long tokenCopy = b.hsm.copyObject(b.co, w, Attributes.builder().set(Cka.TOKEN, true).build());
    byte[] wrapped = b.crypto.wrapKey(b.co, AttackBench.cbcPad(), w, b.sensitiveExtractable(16));
    for (long copy : new long[] {sessionCopy, tokenCopy}) {
      assertFails(
          Ckr.KEY_FUNCTION_NOT_PERMITTED,
          () -> b.crypto.decrypt(b.co, AttackBench.cbcPad(), copy, wrapped),
          "CKA_DECRYPT");
      assertFalse(b.bool(copy, Cka.DECRYPT));
    }
  }

  @Test
  void aDataOnlyCopyOfAnUncommittedKeyKeepsTheOriginalFromWrapping() throws Exception {
    long w = b.defaultAes();
    long dataOnly =
        b.hsm.copyObject(
            b.co, w, Attributes.builder().set(Cka.WRAP, false).set(Cka.UNWRAP, false).build());
    long k = b.sensitiveExtractable(16);
    assertFails(
        Ckr.KEY_FUNCTION_NOT_PERMITTED,
        () -> b.crypto.wrapKey(b.co, AttackBench.cbcPad(), w, k),
        "copy");
    assertTrue(b.bool(dataOnly, Cka.DECRYPT), "the copy still does what it was made for");
  }

  @Test
  void theCommitOfATokenKeySurvivesARestart(@TempDir Path dir) throws Exception {
    Hsm hsm = EngineFixtures.readyHsm(EngineFixtures.durableOptions(dir));
    long co = EngineFixtures.coSession(hsm, 1, EngineFixtures.APP);
    long w =
        hsm.crypto()
            .generateKey(
                co,
                Mechanism.of(Ckm.AES_KEY_GEN),
                Attributes.builder()
                    .set(Cka.KEY_TYPE, Ckk.AES)
                    .set(Cka.VALUE_LEN, 32L)
                    .set(Cka.TOKEN, true)
                    .build());
    long k =
        hsm.crypto()
            .generateKey(
                co,
                Mechanism.of(Ckm.AES_KEY_GEN),
                Attributes.builder()
                    .set(Cka.KEY_TYPE, Ckk.AES)
                    .set(Cka.VALUE_LEN, 16L)
                    .set(Cka.TOKEN, true)
                    .set(Cka.EXTRACTABLE, true)
                    .build());
    byte[] wrapped = hsm.crypto().wrapKey(co, AttackBench.cbcPad(), w, k);
    hsm.restart();
    long again = EngineFixtures.coSession(hsm, 1, EngineFixtures.APP);
    assertFails(
        Ckr.KEY_FUNCTION_NOT_PERMITTED,
        () -> hsm.crypto().decrypt(again, AttackBench.cbcPad(), w, wrapped),
        "CKA_DECRYPT");
    hsm.close();
  }

  @Test
  void racingFirstUsesCommitTheKeyToExactlyOneKind() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 25; round++) {
        long w = b.defaultAes();
        long k = b.sensitiveExtractable(16);
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<Boolean> wrap =
            () -> attempt(start, () -> b.crypto.wrapKey(b.co, AttackBench.kw(), w, k));
        Callable<Boolean> encrypt =
            () -> attempt(start, () -> b.crypto.encrypt(b.co, AttackBench.ecb(), w, new byte[16]));
        List<Future<Boolean>> done =
            new ArrayList<>(List.of(pool.submit(wrap), pool.submit(encrypt)));
        boolean wrapped = done.get(0).get();
        boolean encrypted = done.get(1).get();
        assertTrue(
            wrapped ^ encrypted,
            "round " + round + ": wrapped " + wrapped + ", encrypted " + encrypted);
        assertEquals(wrapped, b.bool(w, Cka.WRAP));
        assertEquals(encrypted, b.bool(w, Cka.ENCRYPT));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean attempt(CyclicBarrier start, EngineFixtures.Command c) throws Exception {
    start.await();
    try {
      c.run();
      return true;
    } catch (HsmException e) {
      assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, e.returnCode(), e.getMessage());
      return false;
    }
  }
}
