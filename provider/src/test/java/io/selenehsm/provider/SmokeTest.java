package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.provider.testing.SeleneFixture;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void signsWithAGeneratedRsaKeyAndTheJdkVerifies() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", f.provider());
      KeyPair kp = g.generateKeyPair();
      Signature s = Signature.getInstance("SHA256withRSA", f.provider());
      s.initSign(kp.getPrivate());
      byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
      s.update(data);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance("SHA256withRSA", "SunRsaSign");
      v.initVerify(kp.getPublic());
      v.update(data);
      assertTrue(v.verify(sig));
      System.out.println(kp.getPrivate());
    }
  }
}
