package io.selenehsm.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.sks.BlobEntry;
import io.selenehsm.sks.EmbeddedBlobStore;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SksCommandsTest {
  private static final String CO = "CoPassw0rd2";

  @TempDir Path tmp;

  /** HSM, V1 partition and Crypto Officer through the shell, as an administrator would. */
  private static void provision(CmHarness h) {
    CmHarness.Run r =
        h.commands(
            "",
            "slot set -slot " + CmHarness.ADMIN_SLOT,
            "hsm init -label H -password SoPassw0rd -domain d1",
            "role login -name so -password SoPassw0rd",
            "partition create -slot " + CmHarness.PARTITION_SLOT + " -version 1",
            "slot set -slot " + CmHarness.PARTITION_SLOT,
            "partition init -label Apps -password PoPassw0rd -domain d2",
            "role login -name po -password PoPassw0rd",
            "role init -name co -password CoPassw0rd",
            "role logout",
            "role login -name co -password CoPassw0rd",
            "role changepw -name co -oldpw CoPassw0rd -newpw " + CO);
    assertEquals(0, r.exitCode(), r.output());
  }

  /** Token keys made through the provider: three EC keys and one AES key. */
  private static void makeKeys(CmHarness h) throws Exception {
    SeleneProvider p = SeleneProvider.over(h.manager);
    try {
      p.getSlotManager().login(CmHarness.PARTITION_SLOT, CO);
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", p);
      g.initialize(new ECGenParameterSpec("secp256r1"));
      for (int i = 0; i < 3; i++) {
        KeyPair pair = g.generateKeyPair();
        ((SeleneKey) pair.getPrivate()).makePersistent("ec-" + i);
      }
      KeyGenerator aes = KeyGenerator.getInstance("AES", p);
      ((SeleneKey) aes.generateKey()).makePersistent("aes");
    } finally {
      p.close();
    }
  }

  @Test
  void partitionContentsShowsEachObjectsSize() throws Exception {
    try (CmHarness h = CmHarness.usb()) {
      provision(h);
      makeKeys(h);
      CmHarness.Run list =
          h.commands(
              "",
              "slot set -slot " + CmHarness.PARTITION_SLOT,
              "role login -name co -password " + CO,
              "partition contents");
      assertEquals(0, list.exitCode(), list.output());
      String out = list.output();
      assertTrue(out.contains("Size"), out);
      long sized = out.lines().filter(l -> l.matches(".*\\b\\d+ bytes\\s*$")).count();
      assertEquals(4, sized, "one size per key: " + out);
    }
  }

  @Test
  void extractsEveryKeyWithProgressThenInsertsThemBack() throws Exception {
    try (CmHarness h = CmHarness.usb()) {
      provision(h);
      makeKeys(h);
      Path store = tmp.resolve("bulk.mv");
      CmHarness.Run extract =
          h.commands(
              "",
              "slot set -slot " + CmHarness.PARTITION_SLOT,
              "role login -name co -password " + CO,
              "sks smkinfo",
              "sks extract -store " + store + " -delete",
              "partition contents");
      assertEquals(0, extract.exitCode(), extract.output());
      String out = extract.output();
      assertTrue(out.contains("SKS usable   : yes (V1)"), out);
      assertTrue(out.contains("Extracting [##############################] 100% 4/4"), out);
      assertTrue(
          out.contains(
              "Extracted 4 key(s) into " + store + "; they were deleted from the partition."),
          out);
      try (EmbeddedBlobStore blobs = EmbeddedBlobStore.open(store)) {
        assertEquals(List.of("aes", "ec-0", "ec-1", "ec-2"), blobs.aliases());
        BlobEntry ec = blobs.get("ec-1").orElseThrow();
        assertEquals("EC", ec.algorithm());
        assertEquals(12, ec.ouid().length);
        assertEquals("AES", blobs.get("aes").orElseThrow().algorithm());
      }

      CmHarness.Run insert =
          h.commands(
              "",
              "slot set -slot " + CmHarness.PARTITION_SLOT,
              "role login -name co -password " + CO,
              "sks insert -store " + store,
              "sks insert -store " + store,
              "sks insert -store " + store + " -alias nothing");
      out = insert.output();
      assertTrue(out.contains("Inserting [##############################] 100% 4/4"), out);
      assertTrue(
          out.contains("Inserted 4 key(s) from " + store + " as token objects; 0 already present."),
          out);
      assertTrue(
          out.contains("Inserted 0 key(s) from " + store + " as token objects; 4 already present."),
          out);
      assertEquals(
          List.of(
              CmHarness.ok(),
              CmHarness.ok(),
              CmHarness.ok(),
              CmHarness.ok(),
              CmHarness.error(Ckr.ARGUMENTS_BAD)),
          insert.results(),
          out);
    }
  }

  @Test
  void needsACryptoLoginAndAV1Partition() throws Exception {
    try (CmHarness h = CmHarness.usb()) {
      provision(h);
      CmHarness.Run r =
          h.commands(
              "",
              "slot set -slot " + CmHarness.PARTITION_SLOT,
              "sks extract -store " + tmp.resolve("x.mv"));
      assertTrue(
          r.output().contains("need the Crypto Officer or Crypto User logged in"), r.output());
      assertEquals(CmHarness.error(Ckr.USER_NOT_LOGGED_IN), r.results().get(1));
    }
  }
}
