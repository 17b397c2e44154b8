package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How {@code selene-server} turns section {@code RBS} into what it serves: the Backup HSMs offered
 * to registered network clients and the TLS listener they reach them on.
 */
class RemoteBackupOptionsTest {
  private static final Path HOME = Path.of("/tmp/selene-home-not-used");
  private static final String DEVICES =
      """
      Devices = {
        Device00 = usb, 7100;
        Device01 = backup, 7300;
        Device02 = backup, 7301;
      }
      """;

  private static SeleneServer.Options options(String rbs, String... args) throws ConfigException {
    ClientConfig c = ClientConfig.parse(DEVICES + rbs, "test selene.conf");
    return ServerMain.options(ServerMain.Arguments.parse(List.of(args)), c.rbs(), HOME);
  }

  @Test
  void anRbsSectionListensAtItsHostNameAndPortAndOffersEveryBackupHsmByDefault()
      throws ConfigException {
    SeleneServer.Options o = options("RBS = {\n HostName = 127.0.0.1;\n HostPort = 1800;\n}\n");

    assertEquals(Optional.of(new SeleneServer.Tcp("127.0.0.1", 1800)), o.tcp());
    assertEquals(Set.of("7300", "7301"), o.backupHsms());
  }

  @Test
  void availableNamesTheBackupHsmsOfferedAndThePortDefaultsToTheVendors() throws ConfigException {
    SeleneServer.Options o = options("RBS = {\n Available = 7301;\n}\n");

    assertEquals(Optional.of(new SeleneServer.Tcp("0.0.0.0", 1792)), o.tcp());
    assertEquals(Set.of("7301"), o.backupHsms());
  }

  @Test
  void tcpOnTheCommandLineNamesTheListenerAndTheOfferStays() throws ConfigException {
    SeleneServer.Options o = options("RBS = {\n HostPort = 1800;\n}\n", "--tcp", "127.0.0.1:0");

    assertEquals(Optional.of(new SeleneServer.Tcp("127.0.0.1", 0)), o.tcp());
    assertEquals(Set.of("7300", "7301"), o.backupHsms());
  }

  @Test
  void withoutAnRbsSectionOrAsItsClientNoBackupHsmIsOfferedAndNoPortOpened()
      throws ConfigException {
    for (String rbs : List.of("", "RBS = {\n NetServer = 0;\n Available = 5;\n}\n")) {
      SeleneServer.Options o = options(rbs);

      assertEquals(Optional.empty(), o.tcp(), rbs);
      assertEquals(Set.of(), o.backupHsms(), rbs);
    }
    assertEquals(Set.of(), options("", "--tcp", "1793").backupHsms());
  }
}
