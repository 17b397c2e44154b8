package io.selenehsm.samples;

import io.selenehsm.junit.SeleneHsm;
import io.selenehsm.junit.SeleneHsmAdmin;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedded Jetty 12 serving HTTPS with RSA-2048 and EC P-256 keys held in a Selene partition, its
 * TLS context built from the shipped {@code conf/jetty/jetty-ssl-context-selene.xml} (the keystore
 * read from the descriptor file, as a Jetty distribution would), over TLS 1.3 and 1.2.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@SeleneHsm
class JettyTlsIT {
  @TempDir Path dir;

  @Test
  void rsaKeyServesTls13AndTls12(SeleneHsmAdmin hsm) throws Exception {
    serveAndCheck("RSA", hsm);
  }

  @Test
  void ecKeyServesTls13AndTls12(SeleneHsmAdmin hsm) throws Exception {
    serveAndCheck("EC", hsm);
  }

  private void serveAndCheck(String keyType, SeleneHsmAdmin hsm) throws Exception {
    try (TlsFixture tls = TlsFixture.create(dir, keyType, hsm)) {
      serveAndCheck(tls, keyType);
    }
  }

  private void serveAndCheck(TlsFixture tls, String keyType) throws Exception {
    Server server = new Server();
    XmlConfiguration xml =
        new XmlConfiguration(
            ResourceFactory.of(server)
                .newResource(
                    Path.of("..", "conf", "jetty", "jetty-ssl-context-selene.xml")
                        .toAbsolutePath()
                        .normalize()));
    xml.getProperties().put("selene.keystore.descriptor", tls.descriptor.toString());
    xml.getProperties().put("selene.keystore.pin", tls.context.coPin());
    xml.getProperties().put("selene.keystore.alias", TlsFixture.ALIASES.get(keyType));
    xml.configure(server);
    SslContextFactory.Server ssl =
        (SslContextFactory.Server) xml.getIdMap().get("sslContextFactory");
    try (JettyHttps https = JettyHttps.start(server, ssl, 0, TlsFixture.BODY)) {
      tls.checkAllClients(https::port, keyType);
    }
  }
}
