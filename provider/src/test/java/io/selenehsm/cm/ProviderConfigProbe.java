package io.selenehsm.cm;

import io.selenehsm.device.Device;
import io.selenehsm.provider.SeleneProvider;
import java.util.stream.Collectors;

/** Prints which configuration and devices a default {@code new SeleneProvider()} opened. */
public final class ProviderConfigProbe {
  private ProviderConfigProbe() {}

  public static void main(String[] args) {
    SeleneProvider p = new SeleneProvider();
    try {
      System.out.println(
          p.deviceManager().config().source()
              + " "
              + p.deviceManager().devices().stream()
                  .map(Device::serial)
                  .collect(Collectors.toList()));
    } finally {
      p.close();
    }
  }
}
