package io.selenehsm.cm;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line text progress bar for bulk commands: {@code \r}-redrawn when the whole percent changes
 * (so a million steps print at most a hundred updates), ended by {@link #finish}.
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String what;
  private final long total;
  private long done;
  private int shownPercent = -1;

  ProgressBar(PrintStream out, String what, long total) {
    this.out = out;
    this.what = what;
    this.total = Math.max(0, total);
    draw();
  }

  void step(long n) {
    done = Math.min(total, done + n);
    draw();
  }

  private void draw() {
    int percent = total == 0 ? 100 : (int) (done * 100 / total);
    if (percent == shownPercent) {
      return;
    }
    shownPercent = percent;
    int filled = percent * WIDTH / 100;
    out.print(
        String.format(
            Locale.ROOT,
            "\r%s [%s%s] %3d%% %d/%d",
            what,
            "#".repeat(filled),
            "-".repeat(WIDTH - filled),
            percent,
            done,
            total));
    out.flush();
  }

  /** Ends the bar's line. */
  void finish() {
    out.println();
  }
}
