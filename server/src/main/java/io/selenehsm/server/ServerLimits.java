package io.selenehsm.server;

/**
 * What one client may hold on the server at once: calls running and sessions open. Beyond them a
 * call is refused with a message naming the bound, never queued without end.
 */
public record ServerLimits(int callsPerClient, int sessionsPerClient) {
  public static final ServerLimits DEFAULT = new ServerLimits(256, 4096);

  public ServerLimits {
    if (callsPerClient < 1 || sessionsPerClient < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
