package io.selenehsm.cm;

import io.selenehsm.firmware.quorum.ConsolePed;
import io.selenehsm.firmware.quorum.Ped;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code -iped} commands find the PED. A person attends a {@link ConsolePed} on the shell's
 * own input ("attend to the PED" prompts, iKey file paths and PINs typed in answer). A script names
 * a PED script with {@code -pedscript FILE}, or the environment variable {@value #ENV}: the same
 * answers, one per line, read from that file instead of the keyboard.
 */
final class PedSource {
  static final String ENV = "SELENE_PEDSCRIPT";

  private PedSource() {}

  static Ped open(ShellContext ctx, Path script) throws HsmException {
    Path file = script;
    if (file == null && System.getenv(ENV) != null && !System.getenv(ENV).isBlank()) {
      file = Path.of(System.getenv(ENV));
    }
    if (file != null) {
      try {
        return new ConsolePed(Files.newBufferedReader(file, StandardCharsets.UTF_8), ctx.out());
      } catch (IOException e) {
        throw new HsmException(
            Ckr.ARGUMENTS_BAD, "cannot read the PED script " + file + ": " + e.getMessage());
      }
    }
    return new ConsolePed(new ShellReader(ctx.input()), ctx.out());
  }

  /** The shell's prompt input as the line reader the console PED expects. */
  private static final class ShellReader extends BufferedReader {
    private final ShellInput input;

    ShellReader(ShellInput input) {
      super(Reader.nullReader());
      this.input = input;
    }

    @Override
    public String readLine() {
      return input.readLine("");
    }
  }
}
