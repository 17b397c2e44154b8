package io.selenehsm.cm;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs one command line in the vendor's syntax and prints its result line. The command families are
 * picocli commands; this class adds what the vendor's shell does around them: words and option
 * names matched without regard to case, errors named by the word at fault, and the {@code Command
 * Result} line after every command.
 */
final class Shell {
  static final String NO_ERROR = "Command Result : No Error";

  /** The command tree's root; it never runs itself. */
  @Command(name = "selenecm")
  static final class Root {}

  private final ShellContext ctx;
  private final CommandLine root;
  private boolean exitRequested;

  Shell(ShellContext ctx) {
    this.ctx = ctx;
    // The charset a PrintStream made without one encodes with.
    PrintWriter writer = new PrintWriter(ctx.out(), true, Charset.defaultCharset());
    root =
        new CommandLine(new Root())
            .addSubcommand(new SlotCommands(ctx))
            .addSubcommand(new HsmCommands(ctx))
            .addSubcommand(new PartitionCommands(ctx))
            .addSubcommand(new RoleCommands(ctx))
            .addSubcommand(new StmCommands(ctx))
            .addSubcommand(new AuditCommands(ctx))
            .addSubcommand(new SksCommands(ctx))
            .addSubcommand(new HaGroupCommands(ctx))
            .addSubcommand(new ClientConfigCommands(ctx))
            .addSubcommand(new ClientCommands(ctx))
            .addSubcommand(new NtlsCommands(ctx))
            .addSubcommand(new ServerCommands(ctx));
    root.getSubcommands()
        .get("partition")
        .addSubcommand(new PartitionArchiveCommands(ctx))
        .addSubcommand(new PartitionCloneCommand(ctx));
    root.setSubcommandsCaseInsensitive(true)
        .setOptionsCaseInsensitive(true)
        .setPosixClusteredShortOptionsAllowed(false)
        .setExpandAtFiles(false)
        .setOut(writer)
        .setErr(writer);
  }

  /** Family name to the names of its commands, for completion and help. */
  Map<String, List<String>> commandWords() {
    Map<String, List<String>> words = new TreeMap<>();
    root.getSubcommands()
        .forEach(
            (name, family) -> {
              List<String> commands = new ArrayList<>();
              CommandHelp.distinct(family.getCommandSpec())
                  .forEach(c -> commands.add(c.getCommandName()));
              words.put(name, commands);
            });
    words.put("help", List.copyOf(root.getSubcommands().keySet()));
    words.put("exit", List.of());
    return words;
  }

  /** Option names of {@code family command}, for completion. */
  List<String> optionWords(String family, String command) {
    CommandLine f = root.getSubcommands().get(CommandWords.lower(family));
    CommandLine c = f == null ? null : f.getSubcommands().get(CommandWords.lower(command));
    List<String> names = new ArrayList<>();
    if (c != null) {
      c.getCommandSpec().options().forEach(o -> names.add(o.longestName()));
    }
    return names;
  }

  boolean exitRequested() {
    return exitRequested;
  }

  /** Runs one command and prints its result; returns whether it succeeded. */
  boolean execute(String line) {
    PrintStream out = ctx.out();
    String word = line.strip().split("\\s+", 2)[0];
    if (word.equalsIgnoreCase("exit") || word.equalsIgnoreCase("quit")) {
      exitRequested = true;
      return true;
    }
    Throwable failure;
    try {
      List<String> words = CommandWords.split(line);
      failure =
          words.isEmpty() ? new HsmException(Ckr.ARGUMENTS_BAD, "empty command") : dispatch(words);
    } catch (HsmException e) {
      failure = e;
    }
    out.println();
    if (failure == null) {
      out.println(NO_ERROR);
    } else {
      HsmException e = asHsmException(failure);
      out.println("Error: " + e.detail());
      out.println("Command Result : " + e.formattedCode());
    }
    out.println();
    out.flush();
    return failure == null;
  }

  /** Runs the words; returns what went wrong, or null. */
  private Throwable dispatch(List<String> words) {
    String first = CommandWords.lower(words.get(0));
    if (first.equals("help") || first.equals("?")) {
      return help(words);
    }
    if (!root.getSubcommands().containsKey(first)) {
      return new HsmException(
          Ckr.ARGUMENTS_BAD,
          "unknown command '"
              + words.get(0)
              + "'; commands: "
              + String.join(", ", commandWords().keySet()));
    }
    int question = words.indexOf("?");
    if (question > 0) {
      return optionsOf(words.subList(0, question));
    }
    Throwable[] failure = {null};
    root.setParameterExceptionHandler(
        (ex, args) -> {
          failure[0] = ex;
          return 2;
        });
    root.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          failure[0] = ex;
          return 1;
        });
    root.execute(words.toArray(String[]::new));
    return failure[0];
  }

  /** {@code family [command] ?}: lists the family's commands or the command's options. */
  private Throwable optionsOf(List<String> path) {
    CommandLine target = root;
    for (String w : path) {
      CommandLine next = target.getSubcommands().get(CommandWords.lower(w));
      if (next == null) {
        break;
      }
      target = next;
    }
    CommandSpec spec = target.getCommandSpec();
    boolean family = !spec.subcommands().isEmpty() && spec.userObject() instanceof Family;
    if (family) {
      CommandHelp.family(spec, ctx.out());
    } else {
      CommandHelp.command(spec, ctx.out());
    }
    return null;
  }

  private Throwable help(List<String> words) {
    PrintStream out = ctx.out();
    if (words.size() > 1) {
      CommandLine family = root.getSubcommands().get(CommandWords.lower(words.get(1)));
      if (family == null) {
        return new HsmException(
            Ckr.ARGUMENTS_BAD, "no help for unknown command '" + words.get(1) + "'");
      }
      CommandLine target = family;
      if (words.size() > 2) {
        target = family.getSubcommands().get(CommandWords.lower(words.get(2)));
        if (target == null) {
          return new HsmException(
              Ckr.ARGUMENTS_BAD, "unknown command '" + words.get(1) + " " + words.get(2) + "'");
        }
      }
      target.usage(out);
      return null;
    }
    out.println("Commands (type 'help <family>' for details):");
    root.getSubcommands()
        .forEach(
            (name, family) -> {
              String description =
                  String.join(" ", family.getCommandSpec().usageMessage().description());
              out.println("  " + Listing.pad(name, 10) + " " + description);
              CommandHelp.distinct(family.getCommandSpec())
                  .forEach(
                      c ->
                          out.println(
                              "    "
                                  + Listing.pad(name + " " + c.getCommandName(), 24)
                                  + " "
                                  + String.join(
                                      " ", c.getCommandSpec().usageMessage().description())));
            });
    out.println("  " + Listing.pad("exit", 10) + " Leave the shell.");
    return null;
  }

  /** Maps whatever a command threw onto a return code and a message. */
  private static HsmException asHsmException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof HsmException h) {
        return h;
      }
      if (c instanceof ParameterException p) {
        return new HsmException(Ckr.ARGUMENTS_BAD, argumentProblem(p));
      }
    }
    return new HsmException(Ckr.GENERAL_ERROR, "internal error: " + t);
  }

  /** A parse error in words naming the command and the word at fault. */
  private static String argumentProblem(ParameterException p) {
    CommandSpec spec = p.getCommandLine().getCommandSpec();
    String command = commandName(spec);
    if (p instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String word = u.getUnmatched().get(0);
      if (!spec.subcommands().isEmpty()) {
        return "unknown command '"
            + command
            + " "
            + word
            + "'; "
            + command
            + " commands: "
            + String.join(
                ", ",
                CommandHelp.distinct(spec).stream().map(CommandLine::getCommandName).toList());
      }
      return (word.startsWith("-") ? "unknown option '" : "unexpected argument '")
          + word
          + "' for '"
          + command
          + "'; options: "
          + String.join(", ", optionNames(spec));
    }
    return command + ": " + p.getMessage();
  }

  private static String commandName(CommandSpec spec) {
    List<String> names = new ArrayList<>();
    for (CommandSpec s = spec; s != null && s.parent() != null; s = s.parent()) {
      names.add(0, s.name());
    }
    return String.join(" ", names);
  }

  private static List<String> optionNames(CommandSpec spec) {
    List<String> names = new ArrayList<>();
    spec.options().forEach(o -> names.add(o.longestName()));
    return names.isEmpty() ? List.of("(none)") : names;
  }
}
