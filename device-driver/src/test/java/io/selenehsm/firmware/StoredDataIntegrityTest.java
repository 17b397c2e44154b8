package io.selenehsm.firmware;

import static io.selenehsm.firmware.EngineFixtures.APP;
import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static io.selenehsm.firmware.EngineFixtures.coSession;
import static io.selenehsm.firmware.EngineFixtures.dataObject;
import static io.selenehsm.firmware.EngineFixtures.durableOptions;
import static io.selenehsm.firmware.EngineFixtures.pin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stored Data Integrity: bytes flipped in the device's state files (the KEK, the snapshot or the
 * log, at seeded positions) halt the device on the next power-on; only status and factory reset
 * work then, and factory reset brings back a zeroized, usable device without the old objects.
 */
class StoredDataIntegrityTest {
  @TempDir Path dir;

  @BeforeEach
  void deviceWithObjectsInSnapshotAndLog() throws HsmException {
    try (Hsm hsm = EngineFixtures.readyHsm(durableOptions(dir))) {
      long s = coSession(hsm, 1, APP);
      // Two big objects push the log past its compaction size, so a snapshot exists as well.
      byte[] big = new byte[700 * 1024];
      for (int i = 0; i < 2; i++) {
        long h =
            hsm.createObject(
                s,
                Attributes.builder()
                    .set(Cka.CLASS, Cko.DATA)
                    .set(Cka.TOKEN, true)
                    .set(Cka.LABEL, "big")
                    .set(Cka.VALUE, big)
                    .build());
        hsm.destroyObject(s, h);
      }
      for (int i = 0; i < 5; i++) {
        hsm.createObject(s, dataObject("old-" + i, true));
        hsm.createObject(s, EngineFixtures.aesKey("old-key-" + i, true));
      }
    }
    assertTrue(Files.exists(dir.resolve("snapshot")), "a snapshot was written");
  }

  static Stream<Long> seeds() {
    long base = Long.getLong("selene.sdi.seed", System.nanoTime());
    System.out.println("StoredDataIntegrityTest base seed: " + base);
    return Stream.iterate(base, s -> s + 1).limit(12);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void flippedBytesHaltTheDeviceUntilFactoryReset(long seed) throws Exception {
    List<String> flipped = flipBytes(new Random(seed));

    Hsm hsm = Hsm.open(durableOptions(dir));
    try {
      String context = "seed " + seed + ", flipped " + flipped;
      assertTrue(hsm.isHalted(), context);
      assertTrue(hsm.status().contains("Stored Data Integrity"), hsm.status());
      assertTrue(hsm.info().status().contains("Stored Data Integrity"), context);
      assertEveryCommandAnswersDeviceError(hsm);

      hsm.restart();
      assertTrue(hsm.isHalted(), "a restart does not clear a stored data integrity halt");

      hsm.factoryReset();
      assertFalse(hsm.isHalted(), context);
      assertTrue(hsm.isZeroized(), context);
      assertEquals(List.of(), hsm.partitionIds(), context);
      assertEquals("Zeroized", hsm.status());

      // Usable again: initialize, partition, CO, objects; the old objects are gone.
      EngineFixtures.initHsm(hsm);
      EngineFixtures.createAndInitPartition(hsm, 1);
      EngineFixtures.initCo(hsm, 1);
      long s = coSession(hsm, 1, APP);
      assertEquals(List.of(), hsm.findObjects(s, Attributes.empty()), "old objects are gone");
      hsm.createObject(s, dataObject("new", true));
    } finally {
      hsm.close();
    }
    try (Hsm reopened = Hsm.open(durableOptions(dir))) {
      assertFalse(reopened.isHalted(), reopened.status());
      assertEquals(1, reopened.partitionInfo(1).objectCount());
    }
  }

  private List<String> flipBytes(Random random) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String name : List.of("kek", "snapshot", "log")) {
      Path f = dir.resolve(name);
      if (Files.exists(f) && Files.size(f) > 0) {
        files.add(f);
      }
    }
    Path file = files.get(random.nextInt(files.size()));
    byte[] bytes = Files.readAllBytes(file);
    List<String> flipped = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      int at = random.nextInt(bytes.length);
      int mask = 1 + random.nextInt(255);
      bytes[at] ^= (byte) mask;
      flipped.add(file.getFileName() + "@" + at + "^" + mask);
    }
    Files.write(file, bytes);
    return flipped;
  }

  private static void assertEveryCommandAnswersDeviceError(Hsm hsm) {
    String halted = "halted";
    assertFails(Ckr.DEVICE_ERROR, () -> hsm.openSession(0, APP, true), halted);
    assertFails(Ckr.DEVICE_ERROR, () -> hsm.openSession(1, APP, true), halted);
    assertFails(Ckr.DEVICE_ERROR, hsm::hsmPolicies, halted);
    assertFails(Ckr.DEVICE_ERROR, () -> hsm.partitionInfo(1), halted);
    assertFails(Ckr.DEVICE_ERROR, () -> hsm.partitionPolicies(1), halted);
    assertFails(Ckr.DEVICE_ERROR, hsm::exportHsmPolicyTemplate, halted);
    // A session handle from before the halt is answered with the halt, not as unknown.
    long stale = 1;
    assertFails(Ckr.DEVICE_ERROR, () -> hsm.login(stale, Role.HSM_SO, pin("x")), halted);
    assertFails(Ckr.DEVICE_ERROR, () -> hsm.zeroize(stale), halted);
    assertFails(
        Ckr.DEVICE_ERROR, () -> hsm.initHsm(stale, "l", pin("password1"), "d", null), halted);
    assertFails(Ckr.DEVICE_ERROR, () -> hsm.findObjects(stale, Attributes.empty()), halted);
    assertFails(Ckr.DEVICE_ERROR, () -> hsm.createObject(stale, dataObject("x", true)), halted);
    assertFails(Ckr.DEVICE_ERROR, () -> hsm.closeSession(stale), halted);
    assertFails(Ckr.DEVICE_ERROR, () -> hsm.logout(stale), halted);
  }
}
