package io.selenehsm.samples;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.junit.SeleneHsm;
import io.selenehsm.junit.SeleneHsmAdmin;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.UserRole;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

/**
 * The README's {@code @SeleneHsm} example (between the markers; the test below checks the README
 * shows exactly this code), and a longer one: a key signs, is stored with its certificate in the
 * partition, and is found again through a freshly loaded KeyStore.
 */
@SeleneHsm
class SeleneHsmExampleTest {
  // README example: begin
  @Test
  void signsInsideTheHsm(SeleneProvider selene) throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("EC", selene).generateKeyPair();
    Signature s = Signature.getInstance("SHA256withECDSA", selene);
    s.initSign(pair.getPrivate());
    assertNotNull(s.sign());
  }

  // README example: end

  @Test
  void aStoredKeyIsFoundAgainAndSigns(SeleneProvider selene, SeleneHsmAdmin hsm) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", selene);
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    Instant now = Instant.now();
    Certificate cert =
        io.selenehsm.provider.SeleneCertificateX509.selfSign(
            pair,
            "CN=example",
            BigInteger.ONE,
            Date.from(now.minus(Duration.ofMinutes(1))),
            Date.from(now.plus(Duration.ofDays(1))));
    KeyStore ks = partition(selene, hsm);
    ks.setKeyEntry("example", pair.getPrivate(), null, new Certificate[] {cert});

    KeyStore again = partition(selene, hsm);
    Signature s = Signature.getInstance("SHA256withECDSA", selene);
    s.initSign((PrivateKey) again.getKey("example", null));
    s.update(new byte[] {42});
    Signature v = Signature.getInstance("SHA256withECDSA", "SunEC");
    v.initVerify(again.getCertificate("example"));
    v.update(new byte[] {42});
    assertTrue(v.verify(s.sign()), "the reloaded key signs; its stored certificate verifies");
  }

  @Test
  void theReadmeShowsThisExample() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    String self =
        Files.readString(
            root.resolve("samples/src/test/java/io/selenehsm/samples/SeleneHsmExampleTest.java"));
    // The formatter keeps a blank line before the end marker; the README's class has none.
    String example =
        self.substring(
                self.indexOf("  // README example: begin\n") + 27,
                self.indexOf("  // README example: end"))
            .replaceAll("\n+$", "\n");
    String readme = Files.readString(root.resolve("README.md"));
    assertTrue(
        readme.contains("@SeleneHsm\nclass SigningTest {\n" + example + "}\n"),
        "README shows:\n" + example);
  }

  private static KeyStore partition(SeleneProvider selene, SeleneHsmAdmin hsm) throws Exception {
    KeyStore ks = KeyStore.getInstance("Selene", selene);
    ks.load(
        new ByteArrayInputStream(
            ("tokenlabel:" + hsm.partitionLabel()).getBytes(StandardCharsets.UTF_8)),
        hsm.pin(UserRole.CRYPTO_OFFICER).toCharArray());
    return ks;
  }
}
