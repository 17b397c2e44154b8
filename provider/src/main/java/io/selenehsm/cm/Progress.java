package io.selenehsm.cm;

import java.io.PrintStream;

/**
 * Progress lines for commands that take a noticeable time (key derivation, several files): a title,
 * then one {@code [k/n]} line per finished step, so a person sees it is moving.
 */
final class Progress {
  private final PrintStream out;
  private final int steps;
  private int done;

  Progress(PrintStream out, String title, int steps) {
    this.out = out;
    this.steps = steps;
    out.println(title + " ...");
    out.flush();
  }

  void step(String what) {
    done++;
    out.println("  [" + done + "/" + steps + "] " + what);
    out.flush();
  }
}
