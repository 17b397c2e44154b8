package io.selenehsm.samples;

import io.selenehsm.junit.SeleneHsm;
import io.selenehsm.junit.SeleneHsmAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedded Tomcat 10.1 serving HTTPS with RSA-2048 and EC P-256 keys held in a Selene partition,
 * its connector configured by the shipped {@code conf/tomcat/server-selene.xml} (keystore type and
 * provider Selene, the descriptor file as keystore file), over TLS 1.3 and 1.2.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@SeleneHsm
class TomcatTlsIT {
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
    TomcatHttps.Fragment fragment =
        TomcatHttps.Fragment.read(
                Path.of("..", "conf", "tomcat", "server-selene.xml").toAbsolutePath().normalize())
            .withCertificate("certificateKeystoreFile", tls.descriptor.toString())
            .withCertificate("certificateKeystorePassword", tls.context.coPin())
            .withCertificate("certificateKeyAlias", TlsFixture.ALIASES.get(keyType))
            .withCertificate("type", keyType);
    Path base = Files.createDirectories(dir.resolve("tomcat-" + keyType));
    try (TomcatHttps https = TomcatHttps.start(fragment, base, TlsFixture.BODY)) {
      tls.checkAllClients(https::port, keyType);
    }
  }
}
