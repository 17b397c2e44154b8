package io.selenehsm.cm;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The listings the vendor's shell prints instead of running a command: a family word alone lists
 * the family's commands with their short names, and {@code ?} after a command lists its options.
 * Both are answers, not errors.
 */
final class CommandHelp {
  private CommandHelp() {}

  /** The commands of {@code family}: name, short name, description. */
  static void family(CommandSpec family, PrintStream out) {
    out.println("The following commands are available in '" + family.name() + "':");
    out.println();
    Listing.Table t = new Listing.Table("Command", "Short", "Description");
    for (CommandLine c : distinct(family)) {
      CommandSpec s = c.getCommandSpec();
      String[] aliases = s.aliases();
      t.add(
          s.name(),
          aliases.length == 0 ? "" : String.join(", ", aliases),
          describe(s.usageMessage().description()));
    }
    t.print(out);
    out.println();
    out.println(
        "Syntax: "
            + family.name()
            + " <command>   ('"
            + family.name()
            + " <command> ?' lists a command's options)");
  }

  /** The options and arguments of {@code command}. */
  static void command(CommandSpec command, PrintStream out) {
    String path = path(command);
    out.println(path + ": " + describe(command.usageMessage().description()));
    out.println();
    Listing.Table t = new Listing.Table("Option", "Value", "Description");
    for (PositionalParamSpec p : command.positionalParameters()) {
      t.add("(argument " + (p.index().min() + 1) + ")", p.paramLabel(), describe(p.description()));
    }
    for (OptionSpec o : command.options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue;
      }
      t.add(
          String.join(" | ", o.names()),
          o.typeInfo().isBoolean() ? "" : o.paramLabel(),
          (o.required() ? "required. " : "") + describe(o.description()));
    }
    if (t.isEmpty()) {
      out.println("'" + path + "' takes no options.");
    } else {
      t.print(out);
    }
    out.println();
    out.println(
        "Syntax: "
            + path
            + (command.options().isEmpty() && command.positionalParameters().isEmpty()
                ? ""
                : " <options>"));
  }

  /** Each command of {@code family} once, though its aliases are keys too. */
  static List<CommandLine> distinct(CommandSpec family) {
    Set<CommandLine> seen = new LinkedHashSet<>(family.subcommands().values());
    return new ArrayList<>(seen);
  }

  private static String path(CommandSpec spec) {
    List<String> names = new ArrayList<>();
    for (CommandSpec s = spec; s != null && s.parent() != null; s = s.parent()) {
      names.add(0, s.name());
    }
    return String.join(" ", names);
  }

  private static String describe(String[] lines) {
    return String.join(" ", lines);
  }
}
