package io.selenehsm.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.server.SeleneServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Jetty serving HTTPS with its key in a partition of a served device: the HSM runs behind a
 * selene-server on a Unix socket in a temporary SELENE_HOME, the application's devices attach to it
 * by themselves ({@code DeviceManager.open} finds the socket answering), and every TLS handshake
 * signs on the server's device. The Jetty setup is JettyTlsIT's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServedJettyTlsIT {
  private Path home;
  private DeviceManager hsm;
  private SeleneServer server;
  private DeviceManager attached;
  private SeleneProvider provider;
  private PartitionSetup.Partition partition;

  @BeforeEach
  void serveTheHsm() throws Exception {
    // Under /tmp: a Unix socket's path must fit in 107 bytes.
    home = Files.createTempDirectory(Path.of("/tmp"), "selene-jetty-");
    ClientConfig config = ClientConfig.parse(SampleContext.IN_MEMORY_CONF, "served selene.conf");
    hsm = DeviceManager.inMemory(config);
    partition =
        PartitionSetup.run(hsm, new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8"));
    server = SeleneServer.start(hsm, SeleneServer.Options.local(home), TimeSource.system());
    attached = DeviceManager.open(config, home);
    assertTrue(attached.isAttached(), "the application attached to the server: " + attached);
    provider = SeleneProvider.over(attached);
    // JSSE finds the signer for a Selene key through the installed providers.
    Security.removeProvider(SeleneProvider.NAME);
    Security.addProvider(provider);
  }

  @AfterEach
  void stopEverything() throws Exception {
    Security.removeProvider(SeleneProvider.NAME);
    if (provider != null) {
      provider.close();
    }
    if (attached != null) {
      attached.close();
    }
    if (server != null) {
      server.close();
    }
    if (hsm != null) {
      hsm.close();
    }
    if (home != null) {
      try (Stream<Path> all = Files.walk(home)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void ecKeyOnAServedDeviceServesTls13AndTls12(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    SampleContext ctx =
        SampleContext.over(
            provider,
            partition.slot(),
            partition.label(),
            PartitionSetup.CO_PIN,
            PartitionSetup.CU_PIN);
    try (TlsFixture tls = TlsFixture.create(dir, "EC", ctx)) {
      Server jetty = new Server();
      XmlConfiguration xml =
          new XmlConfiguration(
              ResourceFactory.of(jetty)
                  .newResource(
                      Path.of("..", "conf", "jetty", "jetty-ssl-context-selene.xml")
                          .toAbsolutePath()
                          .normalize()));
      xml.getProperties().put("selene.keystore.descriptor", tls.descriptor.toString());
      xml.getProperties().put("selene.keystore.pin", tls.context.coPin());
      xml.getProperties().put("selene.keystore.alias", TlsFixture.ALIASES.get("EC"));
      xml.configure(jetty);
      SslContextFactory.Server ssl =
          (SslContextFactory.Server) xml.getIdMap().get("sslContextFactory");
      try (JettyHttps https = JettyHttps.start(jetty, ssl, 0, TlsFixture.BODY)) {
        tls.checkAllClients(https::port, "EC");
      }
    }
    // The key Jetty signed with is on the server's device, never in this process.
    assertEquals(1, serverSidePrivateKeys(TlsFixture.ALIASES.get("EC")));
  }

  private int serverSidePrivateKeys(String label) throws Exception {
    Slot slot = hsm.slot(partition.slot());
    long s = slot.openSession(99, false);
    try {
      slot.login(s, Role.CRYPTO_OFFICER, PartitionSetup.CO_PIN.toCharArray());
      return slot.findObjects(
              s, Attributes.builder().set(Cka.CLASS, Cko.PRIVATE_KEY).set(Cka.LABEL, label).build())
          .size();
    } finally {
      slot.closeSession(s);
    }
  }
}
