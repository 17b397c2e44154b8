package io.selenehsm.cm;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clientconfig}: shows and edits the {@code selene.conf} in use (the file SELENE_CONF names,
 * else {@code $SELENE_HOME/selene.conf}, which {@code set} creates when the built-in defaults were
 * in use). Every edit is validated as a whole file before it is written; it takes effect for the
 * next process, since this shell keeps the devices it opened.
 */
@Command(name = "clientconfig", description = "Show and edit the selene.conf in use.")
final class ClientConfigCommands extends Family {
  ClientConfigCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(name = "show", description = "Show which selene.conf is in use and what it says.")
  void show() throws HsmException {
    Path file = ConfigFile.path(ctx);
    if (!Files.exists(file)) {
      ctx.out()
          .println(
              "No configuration file: the built-in defaults are in use. An edit is"
                  + " written to "
                  + file
                  + ".");
      return;
    }
    ctx.out().println("Configuration file: " + file);
    ctx.out().print(ConfigFile.read(ctx).render());
  }

  @Command(name = "set", description = "Set KEY of SECTION to VALUE (checked like the file).")
  void set(
      @Option(names = "-section", required = true, paramLabel = "SECTION") String section,
      @Option(names = "-key", required = true, paramLabel = "KEY") String key,
      @Option(names = "-value", required = true, paramLabel = "VALUE") String value)
      throws HsmException {
    ClientConfig config = ConfigFile.read(ctx);
    Path file = ConfigFile.write(ctx, ConfigFile.edit(() -> config.with(section, key, value)));
    ctx.out()
        .println(
            section
                + "."
                + key
                + " set to "
                + value.strip()
                + " in "
                + file
                + "; the next process uses it.");
  }

  @Command(name = "unset", description = "Remove KEY from SECTION (its default applies).")
  void unset(
      @Option(names = "-section", required = true, paramLabel = "SECTION") String section,
      @Option(names = "-key", required = true, paramLabel = "KEY") String key)
      throws HsmException {
    ClientConfig config = ConfigFile.read(ctx);
    Path file = ConfigFile.write(ctx, ConfigFile.edit(() -> config.without(section, key)));
    ctx.out()
        .println(
            section + "." + key + " removed from " + file + "; the next process uses its default.");
  }
}
