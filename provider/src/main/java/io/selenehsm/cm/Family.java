package io.selenehsm.cm;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command family ({@code slot}, {@code hsm}, ...): its commands are the {@code @Command}
 * methods of the subclass. Typing the family word alone is an argument error naming them.
 */
abstract class Family implements Runnable {
  @Spec
  CommandSpec spec;

  final ShellContext ctx;

  Family(ShellContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "'" + spec.name() + "' needs a command: "
        + String.join(", ", spec.subcommands().keySet()));
  }
}
