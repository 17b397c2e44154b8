package io.selenehsm.server;

import java.util.List;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as requests to stop. Left to the JVM, either signal ends the process with
 * status 128+N after the shutdown hooks, which service managers and scripts read as a failure; a
 * server told to stop that stops cleanly exits 0 instead.
 */
final class StopSignals {
  private StopSignals() {}

  /**
   * Runs {@code stop} (on a thread of the JVM's) when either signal arrives. A signal the JVM keeps
   * for itself (under {@code -Xrs}, or reserved on this platform) is left to the shutdown hook.
   */
  static void onStop(Runnable stop) {
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), signal -> stop.run());
      } catch (IllegalArgumentException e) {
        // The default handling stays: the shutdown hook still closes the server cleanly.
      }
    }
  }
}
