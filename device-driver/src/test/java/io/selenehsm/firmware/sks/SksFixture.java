package io.selenehsm.firmware.sks;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmModel;
import io.selenehsm.firmware.HsmOptions;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** One HSM with application partition 1 (V0 or V1) and its Crypto Officer logged in. */
final class SksFixture {
  static final char[] PW = "password1".toCharArray();
  static final char[] CO_PW = "password2".toCharArray();

  /** DER OID 1.3.101.112 (Ed25519). */
  static final byte[] ED25519 = {0x06, 0x03, 0x2B, 0x65, 0x70};

  final Hsm hsm;
  final long s;

  SksFixture(String serial, int version, String domain) throws HsmException {
    this(Hsm.open(HsmOptions.inMemory(serial, HsmModel.USB_HSM_7)), version, domain);
  }

  SksFixture(Hsm hsm, int version, String domain) throws HsmException {
    this.hsm = hsm;
    long a = hsm.openSession(0, 1, true);
    hsm.initHsm(a, "hsm", PW, domain, null);
    hsm.login(a, Role.HSM_SO, PW);
    hsm.createPartition(a, 1, version);
    hsm.closeSession(a);
    s = hsm.openSession(1, 2, true);
    initPartition(domain);
  }

  /** (Re)initializes partition 1 and its Crypto Officer, leaving the CO logged in. */
  void initPartition(String domain) throws HsmException {
    if (hsm.sessionInfo(s).role() != null) {
      hsm.logout(s);
    }
    if (hsm.partitionInfo(1).initialized()) {
      hsm.login(s, Role.PARTITION_SO, PW);
    }
    hsm.initPartition(s, "part", PW, domain, null);
    if (hsm.sessionInfo(s).role() == null) {
      hsm.login(s, Role.PARTITION_SO, PW);
    }
    hsm.initRole(s, Role.CRYPTO_OFFICER, PW);
    hsm.logout(s);
    hsm.login(s, Role.CRYPTO_OFFICER, PW);
    hsm.changePin(s, PW, CO_PW);
  }

  long aes(boolean token) throws HsmException {
    return hsm.crypto()
        .generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 32L)
                .set(Cka.ENCRYPT, true)
                .set(Cka.DECRYPT, true)
                .set(Cka.TOKEN, token)
                .set(Cka.LABEL, "aes")
                .build());
  }

  long[] rsa() throws HsmException {
    return hsm.crypto()
        .generateKeyPair(
            s,
            Mechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN),
            Attributes.builder().set(Cka.MODULUS_BITS, 2048L).set(Cka.TOKEN, true).build(),
            Attributes.builder()
                .set(Cka.TOKEN, true)
                .set(Cka.SIGN, true)
                .set(Cka.LABEL, "rsa")
                .build());
  }

  long[] ec() throws HsmException {
    return hsm.crypto()
        .generateKeyPair(
            s,
            Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
            Attributes.builder().set(Cka.EC_PARAMS, encoded()).set(Cka.TOKEN, true).build(),
            Attributes.builder()
                .set(Cka.TOKEN, true)
                .set(Cka.SIGN, true)
                .set(Cka.LABEL, "ec")
                .build());
  }

  long[] ed25519() throws HsmException {
    return hsm.crypto()
        .generateKeyPair(
            s,
            Mechanism.of(Ckm.EC_EDWARDS_KEY_PAIR_GEN),
            Attributes.builder().set(Cka.EC_PARAMS, ED25519).build(),
            Attributes.builder().set(Cka.SIGN, true).set(Cka.LABEL, "ed").build());
  }

  private static byte[] encoded() {
    try {
      return X9ObjectIdentifiers.prime256v1.getEncoded();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  PublicKey jdkPublic(long handle, String algorithm) throws Exception {
    return KeyFactory.getInstance(algorithm)
        .generatePublic(new X509EncodedKeySpec(hsm.getAttribute(s, handle, Cka.PUBLIC_KEY_INFO)));
  }
}
