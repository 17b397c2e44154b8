package io.selenehsm.cm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * Where the shell reads answers to its prompts ("proceed", passwords). A script reads them from
 * standard input, the interactive shell from its line reader. End of input yields {@code null}, so
 * a script without input aborts instead of waiting.
 */
interface ShellInput {

  /** One line typed after {@code prompt}, or {@code null} at end of input. */
  String readLine(String prompt);

  /** Like {@link #readLine} but not echoed where the terminal allows. */
  String readSecret(String prompt);

  static ShellInput of(BufferedReader in, PrintStream out) {
    return new ShellInput() {
      @Override
      public String readLine(String prompt) {
        out.print(prompt);
        out.flush();
        try {
          String line = in.readLine();
          out.println();
          return line;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public String readSecret(String prompt) {
        return readLine(prompt);
      }
    };
  }
}
