package io.selenehsm.cm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code selenecm}, the administration shell: {@code selenecm [-c "command"]... [-f file]}.
 *
 * <p>Each {@code -c} value, then each line of the {@code -f} file that is neither blank nor a
 * {@code #} comment, is one command in the vendor's syntax; with neither option the shell is
 * interactive. Every command ends with a {@code Command Result} line. The exit code is 0 when every
 * command succeeded and 1 otherwise. Questions a command asks (confirmation of a destructive
 * command, a password left out) are answered on standard input.
 */
@Command(
    name = "selenecm",
    mixinStandardHelpOptions = true,
    version = "selenecm (Selene HSM administration shell)",
    description = "Administration shell for Selene emulated HSMs, in the vendor's command syntax.")
public final class SeleneCm implements Callable<Integer> {

  /** Opens the slots the shell works on; called once, after the arguments are understood. */
  @FunctionalInterface
  public interface DirectoryOpener {
    SlotDirectory open() throws Exception;
  }

  @Option(names = "-c", paramLabel = "COMMAND", description = "run this command (repeatable)")
  private List<String> commands = new ArrayList<>();

  @Option(
      names = "-f",
      paramLabel = "FILE",
      description = "run the commands in this file, one" + " per line")
  private Path file;

  private final DirectoryOpener opener;
  private final InputStream in;
  private final PrintStream out;
  private final boolean systemConsole;
  private final Path historyFile;

  /** Where a script run prints the banner, apart from the commands' output. */
  private final PrintStream notes;

  private SeleneCm(
      DirectoryOpener opener,
      InputStream in,
      PrintStream out,
      boolean systemConsole,
      Path historyFile,
      PrintStream notes) {
    this.opener = opener;
    this.in = in;
    this.out = out;
    this.systemConsole = systemConsole;
    this.historyFile = historyFile;
    this.notes = notes;
  }

  public static void main(String[] args) {
    int code =
        run(
            new SeleneCm(
                DeviceDirectory::fromEnvironment,
                System.in,
                System.out,
                System.console() != null,
                DeviceDirectory.historyFile(),
                System.err),
            args);
    System.exit(code);
  }

  /** Runs the shell on the devices SELENE_CONF and SELENE_HOME describe. */
  public static int run(String[] args, InputStream in, PrintStream out) {
    return run(args, in, out, DeviceDirectory::fromEnvironment);
  }

  /** Runs the shell on the slots {@code opener} provides; prompts read {@code in}. */
  public static int run(String[] args, InputStream in, PrintStream out, DirectoryOpener opener) {
    return run(args, in, out, opener, new PrintStream(OutputStream.nullOutputStream()));
  }

  /**
   * As {@link #run(String[], InputStream, PrintStream, DirectoryOpener)}; a script's banner goes to
   * {@code notes}.
   */
  public static int run(
      String[] args, InputStream in, PrintStream out, DirectoryOpener opener, PrintStream notes) {
    return run(new SeleneCm(opener, in, out, false, null, notes), args);
  }

  private static int run(SeleneCm cm, String[] args) {
    // The charset a PrintStream made without one encodes with.
    PrintWriter writer = new PrintWriter(cm.out, true, Charset.defaultCharset());
    CommandLine cl =
        new CommandLine(cm)
            .setOut(writer)
            .setErr(writer)
            .setExpandAtFiles(false)
            .setPosixClusteredShortOptionsAllowed(false);
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          writer.println("Error: " + ex.getMessage());
          return 1;
        });
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          writer.println("Error: " + ex.getMessage());
          ex.getCommandLine().usage(writer);
          return 1;
        });
    return cl.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    List<String> script = new ArrayList<>(commands);
    if (file != null) {
      try {
        script.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        out.println("Error: cannot read the command file " + file + ": " + e);
        return 1;
      }
    }
    SlotDirectory directory;
    try {
      directory = opener.open();
    } catch (Exception e) {
      out.println("Error: cannot open the HSM devices: " + e.getMessage());
      return 1;
    }
    try {
      boolean interactive = commands.isEmpty() && file == null;
      if (!interactive) {
        directory.banner().forEach(notes::println);
      }
      boolean ok = interactive ? interactive(directory) : script(directory, script);
      return ok ? 0 : 1;
    } finally {
      if (directory instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  private boolean script(SlotDirectory directory, List<String> lines) {
    BufferedReader answers = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    ShellContext ctx = new ShellContext(directory, ShellInput.of(answers, out), out);
    Shell shell = new Shell(ctx);
    boolean allOk = true;
    try {
      for (String line : lines) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        out.println(Interactive.PROMPT + CommandWords.masked(trimmed));
        allOk &= shell.execute(trimmed);
        if (shell.exitRequested()) {
          break;
        }
      }
    } finally {
      ctx.close();
    }
    return allOk;
  }

  private boolean interactive(SlotDirectory directory) throws IOException {
    try (Terminal terminal = Interactive.terminal(in, out, systemConsole)) {
      return Interactive.run(
          terminal,
          (input, termOut) -> new ShellContext(directory, input, termOut),
          historyFile,
          directory.banner());
    }
  }
}
