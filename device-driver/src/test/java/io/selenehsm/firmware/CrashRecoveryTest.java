package io.selenehsm.firmware;

import static io.selenehsm.firmware.EngineFixtures.coSession;
import static io.selenehsm.firmware.EngineFixtures.durableOptions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.HsmException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that is creating and destroying token objects (SIGKILL, at seeded random
 * moments) and checks after each kill that the reopened HSM holds exactly the acknowledged objects
 * — the one command in flight may or may not have landed — with their attributes intact.
 */
class CrashRecoveryTest {
  private static final int KILLS = 24;

  @TempDir Path dir;

  @Test
  void reopenedStoreHoldsExactlyTheAcknowledgedObjectsAfterEveryKill() throws Exception {
    long seed = Long.getLong("selene.crash.seed", System.nanoTime());
    System.out.println(
        "CrashRecoveryTest seed: " + seed + " (rerun with -Dselene.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    try (Hsm hsm = EngineFixtures.readyHsm(durableOptions(dir))) {
      assertTrue(hsm.partitionIds().contains(1));
    }
    Set<String> expected = new TreeSet<>();
    int inFlightLanded = 0;
    for (int round = 0; round < KILLS; round++) {
      String context = "seed " + seed + ", round " + round;
      List<String> lines = runAndKill("r" + round, random.nextLong(), 20 + random.nextInt(400));
      String inFlight = null;
      boolean inFlightIsCreate = false;
      for (String line : lines) {
        if (line.startsWith("created ")) {
          expected.add(line.substring(8));
          inFlight = null;
        } else if (line.startsWith("destroyed ")) {
          expected.remove(line.substring(10));
          inFlight = null;
        } else if (line.startsWith("creating ")) {
          inFlight = line.substring(9);
          inFlightIsCreate = true;
        } else if (line.startsWith("destroying ")) {
          inFlight = line.substring(11);
          inFlightIsCreate = false;
        }
      }
      Set<String> actual = reopenAndCheckAttributes(context);
      if (inFlight != null) {
        // The command that was running when the process died is all-or-nothing.
        boolean landed = actual.contains(inFlight) == inFlightIsCreate;
        if (landed) {
          inFlightLanded++;
        }
        if (inFlightIsCreate == actual.contains(inFlight)) {
          if (inFlightIsCreate) {
            expected.add(inFlight);
          } else {
            expected.remove(inFlight);
          }
        }
      }
      assertEquals(
          expected, actual, context + ": objects after the kill (in flight: " + inFlight + ")");
    }
    System.out.println(
        "CrashRecoveryTest: "
            + KILLS
            + " kills, "
            + expected.size()
            + " objects at the end, in-flight commands that landed: "
            + inFlightLanded);
    assertFalse(expected.isEmpty(), "the children created objects");
  }

  private List<String> runAndKill(String prefix, long childSeed, int delayMillis) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            CrashChild.class.getName(),
            dir.toString(),
            prefix,
            Long.toString(childSeed));
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process child = pb.start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Object ready = new Object();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  lines.add(line);
                  if (line.equals("ready")) {
                    synchronized (ready) {
                      ready.notifyAll();
                    }
                  }
                }
              } catch (java.io.IOException e) {
                // The process died; what was read is what was acknowledged.
              }
            });
    reader.start();
    synchronized (ready) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!lines.contains("ready") && child.isAlive() && System.nanoTime() < deadline) {
        ready.wait(50);
      }
    }
    assertTrue(lines.contains("ready"), "the child started: " + lines);
    Thread.sleep(delayMillis); // the kill moment is the point of the test; no clock to inject
    // SIGKILL through the ProcessHandle: Process.destroyForcibly() would also close our end of
    // the pipe and drop acknowledgements the child wrote just before it died.
    assertTrue(child.toHandle().destroyForcibly(), "SIGKILL sent");
    assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child died");
    reader.join(20_000);
    return new ArrayList<>(lines);
  }

  /** Reopens the HSM, returns the labels of its token objects and checks their attributes. */
  private Set<String> reopenAndCheckAttributes(String context) throws HsmException {
    try (Hsm hsm = Hsm.open(durableOptions(dir))) {
      assertFalse(hsm.isHalted(), context + ": " + hsm.status());
      long s = coSession(hsm, 1, EngineFixtures.APP);
      Set<String> labels = new TreeSet<>();
      for (long h : hsm.findObjects(s, Attributes.empty())) {
        Attributes a = hsm.getAttributes(s, h);
        String label = a.string(Cka.LABEL);
        assertTrue(labels.add(label), context + ": duplicate label " + label);
        assertTrue(a.bool(Cka.TOKEN, false), context + ": " + label + " is a token object");
        if (label.contains("-key-")) {
          Attributes t = EngineFixtures.aesKey(label, true);
          assertEquals(Cko.SECRET_KEY, a.ulong(Cka.CLASS, -1), context + ": class of " + label);
          assertEquals(Ckk.AES, a.ulong(Cka.KEY_TYPE, -1), context);
          assertEquals(t.get(Cka.VALUE).length, a.ulong(Cka.VALUE_LEN, -1), context);
          assertTrue(a.bool(Cka.SENSITIVE, false) && a.bool(Cka.PRIVATE, false), context);
          assertFalse(a.has(Cka.VALUE), context + ": a sensitive key's value never leaves");
        } else {
          assertEquals(Cko.DATA, a.ulong(Cka.CLASS, -1), context + ": class of " + label);
          assertArrayEquals(
              EngineFixtures.dataObject(label, true).get(Cka.VALUE),
              a.get(Cka.VALUE),
              context + ": value of " + label);
        }
        assertEquals(12, a.get(Cka.OUID).length, context);
      }
      assertEquals(labels.size(), hsm.partitionInfo(1).objectCount(), context);
      return labels;
    }
  }
}
