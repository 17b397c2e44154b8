package io.selenehsm.cm;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command family ({@code slot}, {@code hsm}, ...): its commands are the {@code @Command} methods
 * of the subclass. Typing the family word alone lists its commands, as the vendor's shell does.
 */
abstract class Family implements Runnable {
  @Spec CommandSpec spec;

  final ShellContext ctx;

  Family(ShellContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void run() {
    CommandHelp.family(spec, ctx.out());
  }
}
