package io.selenehsm.cm;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

/**
 * The interactive shell: a JLine line reader with history and completion of command words and
 * option names. Lines holding secrets and answers to prompts are kept out of the history.
 */
final class Interactive {
  static final String PROMPT = "selenecm:> ";

  private Interactive() {}

  /** A terminal on the process's console, or a plain one over the given streams. */
  static Terminal terminal(InputStream in, PrintStream out, boolean system) throws IOException {
    if (system) {
      return TerminalBuilder.builder().name("selenecm").system(true).build();
    }
    // a dumb terminal straight over the streams (the builder would open a pseudo-terminal)
    return new DumbTerminal("selenecm", Terminal.TYPE_DUMB, in, out, StandardCharsets.UTF_8);
  }

  /** Reads and runs commands until end of input or {@code exit}; true if all succeeded. */
  static boolean run(
      Terminal terminal, ShellContextFactory contexts, Path historyFile, List<String> banner) {
    ShellHistory history = new ShellHistory();
    LineReaderBuilder builder =
        LineReaderBuilder.builder().terminal(terminal).history(history).appName("selenecm");
    if (historyFile != null) {
      builder.variable(LineReader.HISTORY_FILE, historyFile);
    }
    Holder holder = new Holder();
    builder.completer(completer(() -> holder.shell));
    LineReader reader = builder.build();
    ShellInput input =
        new ShellInput() {
          @Override
          public String readLine(String prompt) {
            return read(prompt, null);
          }

          @Override
          public String readSecret(String prompt) {
            return read(prompt, '*');
          }

          private String read(String prompt, Character mask) {
            history.paused = true;
            try {
              return reader.readLine(prompt, mask);
            } catch (EndOfFileException | UserInterruptException e) {
              return null;
            } finally {
              history.paused = false;
            }
          }
        };
    PrintStream out = new PrintStream(terminal.output(), true);
    ShellContext ctx = contexts.create(input, out);
    Shell shell = new Shell(ctx);
    holder.shell = shell;
    boolean allOk = true;
    out.println("Selene administration shell. Type 'help' for the commands, 'exit' to leave.");
    banner.forEach(out::println);
    try {
      while (!shell.exitRequested()) {
        String line;
        try {
          line = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        allOk &= shell.execute(trimmed);
      }
    } finally {
      ctx.close();
      try {
        history.save();
      } catch (IOException e) {
        out.println("(could not save the command history: " + e.getMessage() + ")");
      }
    }
    return allOk;
  }

  /** Creates the shell's context once the line reader exists. */
  @FunctionalInterface
  interface ShellContextFactory {
    ShellContext create(ShellInput input, PrintStream out);
  }

  private static final class Holder {
    Shell shell;
  }

  /** Completes the family word, then the command word, then option names. */
  static Completer completer(Supplier<Shell> shells) {
    return (reader, line, candidates) -> {
      Shell shell = shells.get();
      if (shell == null) {
        return;
      }
      List<String> words = line.words();
      Map<String, List<String>> commands = shell.commandWords();
      int index = line.wordIndex();
      if (index == 0) {
        commands.keySet().forEach(w -> candidates.add(new Candidate(w)));
      } else if (index == 1) {
        commands
            .getOrDefault(CommandWords.lower(words.get(0)), List.of())
            .forEach(w -> candidates.add(new Candidate(w)));
      } else {
        shell
            .optionWords(words.get(0), words.get(1))
            .forEach(w -> candidates.add(new Candidate(w)));
      }
    };
  }

  /** History that skips prompt answers and lines carrying passwords or domains. */
  static final class ShellHistory extends DefaultHistory {
    volatile boolean paused;

    @Override
    public void add(Instant time, String line) {
      if (!paused && !CommandWords.hasSecret(line)) {
        super.add(time, line);
      }
    }
  }
}
