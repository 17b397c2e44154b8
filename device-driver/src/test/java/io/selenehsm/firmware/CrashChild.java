package io.selenehsm.firmware;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link CrashRecoveryTest}: reopens the durable HSM in {@code args[0]} and
 * creates and destroys token objects on partition 1 until it is killed. Each command is announced
 * before the call ("creating L") and acknowledged after it returns ("created L"), so the parent
 * knows which objects were acknowledged and which one command was in flight.
 *
 * <p>Arguments: state directory, label prefix, random seed.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String prefix = args[1];
    Random random = new Random(Long.parseLong(args[2]));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Hsm hsm = Hsm.open(EngineFixtures.durableOptions(dir));
    long s = EngineFixtures.coSession(hsm, 1, EngineFixtures.APP);
    List<String> live = new ArrayList<>();
    for (long h : hsm.findObjects(s, Attributes.empty())) {
      live.add(new String(hsm.getAttribute(s, h, Cka.LABEL), StandardCharsets.UTF_8));
    }
    out.println("ready");
    for (int n = 0; ; n++) {
      if (!live.isEmpty() && random.nextInt(3) == 0) {
        String label = live.remove(random.nextInt(live.size()));
        long handle = hsm.findObjects(s, Attributes.builder().set(Cka.LABEL, label).build()).get(0);
        out.println("destroying " + label);
        hsm.destroyObject(s, handle);
        out.println("destroyed " + label);
      } else {
        boolean key = random.nextBoolean();
        String label = prefix + (key ? "-key-" : "-data-") + n;
        out.println("creating " + label);
        hsm.createObject(
            s, key ? EngineFixtures.aesKey(label, true) : EngineFixtures.dataObject(label, true));
        out.println("created " + label);
        live.add(label);
      }
    }
  }
}
