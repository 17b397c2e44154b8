package io.selenehsm.firmware.store;

import java.util.Optional;

/**
 * Who holds a device state directory: process id and command line, as written into the lock file
 * ({@code pid=N} and {@code command=...} lines) and read back to name the holder when a second
 * process is refused.
 */
record ProcessOwner(long pid, String command) {
  /** Lock files are tiny; a larger one is not ours and is read only this far. */
  static final int MAX_LOCK_FILE_BYTES = 8192;

  private static final int MAX_COMMAND_CHARS = 1000;

  static ProcessOwner current() {
    ProcessHandle self = ProcessHandle.current();
    ProcessHandle.Info info = self.info();
    String command = info.commandLine().orElseGet(() -> info.command().orElse("(unknown)"));
    return new ProcessOwner(self.pid(), oneLine(command));
  }

  String toLockFileText() {
    return "pid=" + pid + "\ncommand=" + command + "\n";
  }

  /** The owner a lock file names, if it names one. */
  static Optional<ProcessOwner> parse(String text) {
    long pid = -1;
    String command = "";
    for (String line : text.split("\n")) {
      if (line.startsWith("pid=")) {
        try {
          pid = Long.parseLong(line.substring(4).strip());
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      } else if (line.startsWith("command=")) {
        command = line.substring(8).strip();
      }
    }
    return pid < 0 ? Optional.empty() : Optional.of(new ProcessOwner(pid, command));
  }

  String describe() {
    return "PID " + pid + (command.isEmpty() ? "" : ": " + command);
  }

  private static String oneLine(String command) {
    String flat = command.replace('\n', ' ').replace('\r', ' ');
    return flat.length() <= MAX_COMMAND_CHARS ? flat : flat.substring(0, MAX_COMMAND_CHARS) + "...";
  }
}
