package io.selenehsm.cm;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code selenecm} in-process on in-memory devices that live as long as the harness, so
 * several runs can share one device.
 */
final class CmHarness implements AutoCloseable {
  /**
   * One USB HSM 7 and no Backup HSM placeholder slots, so the admin slot is listed first. {@code
   * %s} is the factory state: {@code stm} (as shipped) or {@code zeroized}.
   */
  static final String USB_CONF =
      """
      Devices = {
        Device00 = usb, 1234567, factory=%s;
      }
      CardReader = {
        LunaG5Slots = 0;
        LunaG7Slots = 0;
      }
      """;

  /** Slot ids of that device: application partition 1 first, then the admin partition. */
  static final int PARTITION_SLOT = 0;

  static final int ADMIN_SLOT = 1;

  final DeviceManager manager;

  CmHarness(String conf) throws Exception {
    manager = DeviceManager.inMemory(ClientConfig.parse(conf, "test.conf"));
  }

  /** A zeroized USB HSM 7. */
  static CmHarness usb() throws Exception {
    return new CmHarness(USB_CONF.formatted("zeroized"));
  }

  /** A USB HSM 7 as shipped, in Secure Transport Mode. */
  static CmHarness shippedUsb() throws Exception {
    return new CmHarness(USB_CONF.formatted("stm"));
  }

  /** The outcome of one run: exit code and everything printed. */
  record Run(int exitCode, String output) {
    /** The {@code Command Result} lines, in order. */
    List<String> results() {
      return output.lines().filter(l -> l.startsWith("Command Result : ")).toList();
    }
  }

  /** Runs the commands with {@code -c}, answering prompts from {@code stdin}. */
  Run commands(String stdin, String... commands) {
    List<String> args = new ArrayList<>();
    for (String c : commands) {
      args.add("-c");
      args.add(c);
    }
    return run(stdin, args.toArray(String[]::new));
  }

  Run run(String stdin, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        SeleneCm.run(
            args,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            out,
            () -> DeviceDirectory.over(manager));
    return new Run(code, bytes.toString(StandardCharsets.UTF_8));
  }

  /** Asks the device's engine directly, bypassing the shell. */
  <T> T engine(io.selenehsm.device.Command<T> query) throws HsmException {
    return manager.devices().get(0).read(query);
  }

  boolean zeroized() throws HsmException {
    return engine(Hsm::isZeroized);
  }

  static String ok() {
    return Shell.NO_ERROR;
  }

  static String error(long code) {
    return "Command Result : " + io.selenehsm.firmware.rc.ReturnCodes.format(code);
  }

  @Override
  public void close() {
    manager.close();
  }
}
