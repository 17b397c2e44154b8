package io.selenehsm.firmware;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.store.FlashStore;
import io.selenehsm.firmware.store.FlashStores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The child process of {@link AtRestSecrecyTest}: an attacker holding only a copy of a state
 * directory (no role secret, no master key) and the values it hopes to find. It greps every file
 * for them, then tries the engine and the store on the copy, and reports what it got.
 *
 * <p>Arguments: the copied device directory, then {@code name=hex} needles. Output lines: {@code
 * FILE-HIT name}, {@code STORE-HIT name}, {@code ENGINE refused <code> <message>}, {@code ENGINE
 * opened <objects visible without login>}, {@code STORE opened|refused ...}.
 */
public final class AtRestAttacker {
  private AtRestAttacker() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path dir = Path.of(args[0]);
    List<String[]> needles = Stream.of(args).skip(1).map(a -> a.split("=", 2)).toList();
    for (Path f : files(dir)) {
      byte[] content = Files.readAllBytes(f);
      for (String[] n : needles) {
        if (contains(content, HexFormat.of().parseHex(n[1]))) {
          out.println("FILE-HIT " + n[0] + " in " + f.getFileName());
        }
      }
    }
    try (Hsm hsm = Hsm.open(EngineFixtures.durableOptions(dir))) {
      if (hsm.isHalted()) {
        out.println("ENGINE refused halted " + hsm.status());
      } else {
        long s = hsm.openSession(1, 99, true);
        List<Long> visible = hsm.findObjects(s, Attributes.empty());
        out.println("ENGINE opened " + visible.size());
      }
    } catch (HsmException e) {
      out.println("ENGINE refused " + e.returnCode() + " " + e.getMessage());
    }
    try (FlashStore store = FlashStores.open(dir, new SecureRandom())) {
      out.println("STORE opened");
      for (byte[] value : store.scan("").values()) {
        for (String[] n : needles) {
          if (contains(value, HexFormat.of().parseHex(n[1]))) {
            out.println("STORE-HIT " + n[0]);
          }
        }
      }
    } catch (HsmException e) {
      out.println("STORE refused " + e.returnCode() + " " + e.getMessage());
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
