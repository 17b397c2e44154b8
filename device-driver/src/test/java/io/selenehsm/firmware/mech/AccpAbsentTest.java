package io.selenehsm.firmware.mech;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmCrypto;
import io.selenehsm.firmware.HsmModel;
import io.selenehsm.firmware.HsmOptions;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.role.Role;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * ACCP is an optional dependency: with its jar absent (the surefire execution {@code without-accp}
 * removes it from the class path, as a user on another OS would have it) the engine passes its
 * power-on self-tests and signs on the pure-Java primitives. That execution sets {@code
 * selene.test.withoutAccp}; elsewhere ACCP is on the class path and this class does not apply.
 */
@EnabledIfSystemProperty(named = "selene.test.withoutAccp", matches = "true")
class AccpAbsentTest {
  private static final char[] PW = "password1".toCharArray();

  @Test
  void theClassPathReallyLacksAccp() {
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider"));
    assertFalse(Primitives.accpAvailable());
    assertTrue(Primitives.provider(Primitives.Source.ACCP).isEmpty());
  }

  @Test
  void theEngineStartsAndSignsOnThePureJavaPrimitives() throws Exception {
    Hsm hsm = Hsm.open(HsmOptions.inMemory("4321", HsmModel.USB_HSM_7)); // runs the self-tests
    long admin = hsm.openSession(0, 1, true);
    hsm.initHsm(admin, "hsm", PW, "domain", null);
    hsm.login(admin, Role.HSM_SO, PW);
    hsm.createPartition(admin, 1, 0);
    long s = hsm.openSession(1, 2, true);
    hsm.initPartition(s, "part", PW, "domain", null);
    hsm.login(s, Role.PARTITION_SO, PW);
    hsm.initRole(s, Role.CRYPTO_OFFICER, PW);
    hsm.logout(s);
    hsm.login(s, Role.CRYPTO_OFFICER, PW);
    hsm.changePin(s, PW, "password2".toCharArray());
    HsmCrypto crypto = hsm.crypto();
    byte[] data = "no native code".getBytes(StandardCharsets.UTF_8);

    long[] rsa =
        crypto.generateKeyPair(
            s,
            Mechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN),
            Attributes.builder().set(Cka.MODULUS_BITS, 2048L).build(),
            Attributes.empty());
    byte[] sig = crypto.sign(s, Mechanism.of(Ckm.SHA256_RSA_PKCS), rsa[1], data);
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(
        KeyFactory.getInstance("RSA")
            .generatePublic(
                new X509EncodedKeySpec(hsm.getAttribute(s, rsa[0], Cka.PUBLIC_KEY_INFO))));
    v.update(data);
    assertTrue(v.verify(sig), "the JDK verifies the engine's RSA signature");

    long[] ec =
        crypto.generateKeyPair(
            s,
            Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
            Attributes.builder()
                .set(Cka.EC_PARAMS, X9ObjectIdentifiers.prime256v1.getEncoded())
                .build(),
            Attributes.builder().set(Cka.SIGN, true).build());
    byte[] ecSig = crypto.sign(s, Mechanism.of(Ckm.ECDSA_SHA256), ec[1], data);
    crypto.verify(s, Mechanism.of(Ckm.ECDSA_SHA256), ec[0], data, ecSig);
  }
}
