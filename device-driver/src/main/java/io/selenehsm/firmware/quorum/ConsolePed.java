package io.selenehsm.firmware.quorum;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PED for a person at a terminal: an iKey is "inserted" by typing the path of its file, a PIN by
 * typing it. An empty line or end of input gives up. The reader is whatever the shell uses; for
 * hidden PIN entry it can wrap {@code System.console()}.
 */
public final class ConsolePed implements Ped {
  private final BufferedReader in;
  private final PrintStream out;

  public ConsolePed(BufferedReader in, PrintStream out) {
    this.in = in;
    this.out = out;
  }

  @Override
  public List<IKey> present(IKeyColor color, int needed, String prompt) throws HsmException {
    out.println();
    out.println("Please attend to the PED.");
    out.println(prompt);
    List<IKey> keys = new ArrayList<>();
    while (keys.size() < needed) {
      out.printf(
          "Insert %s iKey %d of %d (path to the iKey file, empty to cancel): ",
          color, keys.size() + 1, needed);
      out.flush();
      String line = readLine();
      if (line == null || line.isBlank()) {
        out.println("Cancelled.");
        break;
      }
      try {
        keys.add(IKey.read(Path.of(line.strip())));
      } catch (IOException | InvalidPathException | HsmException e) {
        out.println("Cannot read an iKey from " + line.strip() + ": " + e.getMessage());
      }
    }
    return keys;
  }

  @Override
  public char[] pin(IKey key, String prompt) throws HsmException {
    out.printf("%s%nEnter the PIN of %s: ", prompt, key);
    out.flush();
    String line = readLine();
    if (line == null) {
      throw new HsmException(Ckr.FUNCTION_CANCELED, "No PIN was entered for " + key);
    }
    return line.strip().toCharArray();
  }

  @Override
  public void issue(List<IKey> keys, String prompt) throws HsmException {
    out.println();
    out.println("Please attend to the PED.");
    out.println(prompt);
    for (IKey key : keys) {
      while (true) {
        out.printf("Blank iKey for %s (path of the file to write): ", key);
        out.flush();
        String line = readLine();
        if (line == null || line.isBlank()) {
          throw new HsmException(
              Ckr.FUNCTION_CANCELED, "iKey creation was cancelled before " + key + " was written");
        }
        try {
          key.write(Path.of(line.strip()));
          break;
        } catch (IOException | InvalidPathException e) {
          out.println("Cannot write " + line.strip() + ": " + e.getMessage());
        }
      }
    }
  }

  private String readLine() throws HsmException {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new HsmException(Ckr.DEVICE_ERROR, "The PED console failed: " + e.getMessage(), e);
    }
  }
}
