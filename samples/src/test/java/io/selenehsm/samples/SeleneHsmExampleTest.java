package io.selenehsm.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.junit.SeleneHsm;
import io.selenehsm.junit.SeleneHsmAdmin;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.UserRole;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
 * The README's {@code @SeleneHsm} example, and a longer one: a key signs, is stored with its
 * certificate in the partition, and is found again through a freshly loaded KeyStore.
 */
@SeleneHsm
class SeleneHsmExampleTest {
  // README example: begin
  @Test
  void signsInsideTheHsm(SeleneProvider selene) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", selene);
    KeyPair pair = g.generateKeyPair();
    Signature s = Signature.getInstance("SHA256withECDSA", selene);
    s.initSign(pair.getPrivate());
    s.update("hello".getBytes(StandardCharsets.UTF_8));
    Signature v = Signature.getInstance("SHA256withECDSA", "SunEC");
    v.initVerify(pair.getPublic());
    v.update("hello".getBytes(StandardCharsets.UTF_8));
    assertTrue(v.verify(s.sign()));
  }
  // README example: end

  @Test
  void aStoredKeyIsFoundAgainAndSigns(SeleneProvider selene, SeleneHsmAdmin hsm)
      throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", selene);
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    Instant now = Instant.now();
    Certificate cert = io.selenehsm.provider.SeleneCertificateX509.selfSign(pair, "CN=example",
        BigInteger.ONE, Date.from(now.minus(Duration.ofMinutes(1))),
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

  private static KeyStore partition(SeleneProvider selene, SeleneHsmAdmin hsm) throws Exception {
    KeyStore ks = KeyStore.getInstance("Selene", selene);
    ks.load(new ByteArrayInputStream(("tokenlabel:" + hsm.partitionLabel())
        .getBytes(StandardCharsets.UTF_8)), hsm.pin(UserRole.CRYPTO_OFFICER).toCharArray());
    return ks;
  }
}
