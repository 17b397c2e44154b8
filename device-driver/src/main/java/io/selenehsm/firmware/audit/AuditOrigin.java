package io.selenehsm.firmware.audit;

import io.selenehsm.firmware.rc.HsmException;

/**
 * Who a command came from, for the audit log: the device service names the client whose call a
 * thread is running (its registered name, or the local process), and every record the command
 * writes starts with it. Commands run on the caller's thread, so a thread-local carries it.
 */
public final class AuditOrigin {
  private static final ThreadLocal<String> CLIENT = new ThreadLocal<>();

  private AuditOrigin() {}

  /** A command run on behalf of a client. */
  @FunctionalInterface
  public interface Action<T> {
    T run() throws HsmException;
  }

  /** Runs {@code command} with its records naming {@code client}. */
  public static <T> T runAs(String client, Action<T> command) throws HsmException {
    String outer = CLIENT.get();
    CLIENT.set(client);
    try {
      return command.run();
    } finally {
      if (outer == null) {
        CLIENT.remove();
      } else {
        CLIENT.set(outer);
      }
    }
  }

  /** The text a record of this thread carries: prefixed with the client, when one is set. */
  static String tag(String text) {
    String client = CLIENT.get();
    if (client == null) {
      return text;
    }
    String tagged = "client " + client + (text.isEmpty() ? "" : ": " + text);
    return tagged.length() <= AuditEntry.MAX_TEXT_LENGTH
        ? tagged
        : tagged.substring(0, AuditEntry.MAX_TEXT_LENGTH);
  }
}
