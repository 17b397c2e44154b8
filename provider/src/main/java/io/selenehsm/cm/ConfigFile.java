package io.selenehsm.cm;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code selene.conf} the shell edits ({@code hagroup}, {@code clientconfig}): the file in use,
 * else {@code $SELENE_HOME/selene.conf} (see {@code ConfigLocation}), read afresh for each command
 * because another process may have changed it, and written atomically.
 */
final class ConfigFile {
  /** One edit of the configuration; a value the file would not accept is the caller's error. */
  @FunctionalInterface
  interface Edit {
    ClientConfig apply() throws ConfigException;
  }

  private ConfigFile() {}

  static Path path(ShellContext ctx) throws HsmException {
    return ctx.directory()
        .configFile()
        .orElseThrow(
            () ->
                new HsmException(
                    Ckr.OPERATION_NOT_ALLOWED,
                    "this shell was started over devices without a selene.conf"
                        + " to edit; set "
                        + ClientConfig.ENV_VAR
                        + " or SELENE_HOME to choose one"));
  }

  /** The file as it is now; a file not written yet reads as the built-in defaults. */
  static ClientConfig read(ShellContext ctx) throws HsmException {
    Path file = path(ctx);
    try {
      return Files.exists(file) ? ClientConfig.parse(file) : ClientConfig.defaults();
    } catch (ConfigException e) {
      throw new HsmException(Ckr.GENERAL_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static ClientConfig edit(Edit e) throws HsmException {
    try {
      return e.apply();
    } catch (ConfigException x) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, x.getMessage(), x);
    }
  }

  static Path write(ShellContext ctx, ClientConfig next) throws HsmException {
    Path file = path(ctx);
    try {
      next.writeTo(file);
      return file;
    } catch (IOException e) {
      throw new HsmException(Ckr.GENERAL_ERROR, "cannot write " + file + ": " + e, e);
    }
  }
}
