package io.selenehsm.bench;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmCrypto;
import io.selenehsm.firmware.HsmModel;
import io.selenehsm.firmware.HsmOptions;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Hash;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.PssParams;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine boundary: an in-memory {@link Hsm} with one partition, a Crypto Officer login, and
 * token keys made by the engine; each benchmark thread opens its own session (same application, so
 * it shares the login) and calls the single-part commands of {@link HsmCrypto}.
 */
final class EngineRoute implements RouteFixture {
  private static final char[] PW = "password1".toCharArray();
  private static final char[] CO_PW = "password2".toCharArray();
  private static final int PARTITION = 1;
  private static final long APP = 2;

  /** DER OBJECT IDENTIFIERs: prime256v1 (1.2.840.10045.3.1.7) and Ed25519 (1.3.101.112). */
  private static final byte[] P256_OID = {
    0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07
  };

  private static final byte[] ED25519_OID = {0x06, 0x03, 0x2b, 0x65, 0x70};

  private final Row row;
  private final Hsm hsm;
  private final HsmCrypto crypto;
  private final long setupSession;
  private long publicKey;
  private long privateOrSecretKey;
  private byte[] signature;

  EngineRoute(Row row) throws HsmException {
    this.row = row;
    this.hsm = Hsm.open(HsmOptions.inMemory("1234567", HsmModel.USB_HSM_7));
    this.crypto = hsm.crypto();
    long admin = hsm.openSession(0, 1, true);
    hsm.initHsm(admin, "bench", PW, "domain", null);
    hsm.login(admin, Role.HSM_SO, PW);
    hsm.createPartition(admin, PARTITION, 0);
    setupSession = hsm.openSession(PARTITION, APP, true);
    hsm.initPartition(setupSession, "bench", PW, "domain", null);
    hsm.login(setupSession, Role.PARTITION_SO, PW);
    hsm.initRole(setupSession, Role.CRYPTO_OFFICER, PW);
    hsm.logout(setupSession);
    hsm.login(setupSession, Role.CRYPTO_OFFICER, PW);
    hsm.changePin(setupSession, PW, CO_PW); // partition policy 21 forces a first change
    makeKeys();
  }

  private void makeKeys() throws HsmException {
    switch (row) {
      case RSA_PKCS1_SIGN, RSA_PKCS1_VERIFY, RSA_PSS_SIGN ->
          pair(Ckm.RSA_PKCS_KEY_PAIR_GEN, Attributes.builder().set(Cka.MODULUS_BITS, 2048L));
      case ECDSA_SIGN, ECDSA_VERIFY ->
          pair(Ckm.EC_KEY_PAIR_GEN, Attributes.builder().set(Cka.EC_PARAMS, P256_OID));
      case ED25519_SIGN ->
          pair(Ckm.EC_EDWARDS_KEY_PAIR_GEN, Attributes.builder().set(Cka.EC_PARAMS, ED25519_OID));
      case AES_GCM_1K, AES_GCM_16K ->
          privateOrSecretKey =
              crypto.generateKey(
                  setupSession,
                  Mechanism.of(Ckm.AES_KEY_GEN),
                  Attributes.builder()
                      .set(Cka.TOKEN, true)
                      .set(Cka.KEY_TYPE, Ckk.AES)
                      .set(Cka.VALUE_LEN, 32L)
                      .set(Cka.ENCRYPT, true)
                      .set(Cka.DECRYPT, true)
                      .build());
      case HMAC_1K ->
          privateOrSecretKey =
              crypto.generateKey(
                  setupSession,
                  Mechanism.of(Ckm.GENERIC_SECRET_KEY_GEN),
                  Attributes.builder()
                      .set(Cka.TOKEN, true)
                      .set(Cka.KEY_TYPE, Ckk.GENERIC_SECRET)
                      .set(Cka.VALUE_LEN, 32L)
                      .set(Cka.SIGN, true)
                      .set(Cka.VERIFY, true)
                      .build());
      case RSA_KEYGEN, EC_KEYGEN -> {} // the operation itself makes keys
    }
    if (row.isVerify()) {
      signature = crypto.sign(setupSession, signMechanism(), privateOrSecretKey, row.input());
    }
  }

  private void pair(long mechanism, Attributes.Builder publicTemplate) throws HsmException {
    long[] handles =
        crypto.generateKeyPair(
            setupSession,
            Mechanism.of(mechanism),
            publicTemplate.set(Cka.TOKEN, true).set(Cka.VERIFY, true).build(),
            Attributes.builder()
                .set(Cka.TOKEN, true)
                .set(Cka.PRIVATE, true)
                .set(Cka.SENSITIVE, true)
                .set(Cka.SIGN, true)
                .build());
    publicKey = handles[0];
    privateOrSecretKey = handles[1];
  }

  private Mechanism signMechanism() throws HsmException {
    return switch (row) {
      case RSA_PKCS1_SIGN, RSA_PKCS1_VERIFY -> Mechanism.of(Ckm.SHA256_RSA_PKCS);
      case RSA_PSS_SIGN ->
          Mechanism.of(Ckm.SHA256_RSA_PKCS_PSS, new PssParams(Hash.SHA256, Hash.SHA256, 32));
      case ECDSA_SIGN, ECDSA_VERIFY -> Mechanism.of(Ckm.ECDSA_SHA256);
      case ED25519_SIGN -> Mechanism.of(Ckm.EDDSA);
      case HMAC_1K -> Mechanism.of(Ckm.SHA256_HMAC);
      default -> throw new IllegalStateException(row + " does not sign");
    };
  }

  @Override
  public Op newOp() throws HsmException {
    long s = hsm.openSession(PARTITION, APP, true);
    byte[] data = row.input();
    if (row == Row.AES_GCM_1K || row == Row.AES_GCM_16K) {
      return new GcmEncrypt(s, data);
    }
    if (row == Row.RSA_KEYGEN || row == Row.EC_KEYGEN) {
      return new KeyPairGeneration(s);
    }
    Mechanism m = signMechanism();
    long key = privateOrSecretKey;
    if (row.isVerify()) {
      long pub = publicKey;
      byte[] sig = signature;
      return new SessionOp(s) {
        @Override
        public Object run() throws HsmException {
          crypto.verify(s, m, pub, data, sig); // throws CKR_SIGNATURE_INVALID when it fails
          return sig;
        }
      };
    }
    return new SessionOp(s) {
      @Override
      public Object run() throws HsmException {
        return crypto.sign(s, m, key, data);
      }
    };
  }

  private abstract class SessionOp implements Op {
    final long session;

    SessionOp(long session) {
      this.session = session;
    }

    @Override
    public void close() throws HsmException {
      hsm.closeSession(session);
    }
  }

  /**
   * AES-256-GCM with a caller-chosen 96-bit IV that never repeats (a per-thread counter), as the
   * raw routes do; HSM policy 12 allows caller IVs outside FIPS mode.
   */
  private final class GcmEncrypt extends SessionOp {
    private final byte[] data;
    private final byte[] iv = Ivs.forNewThread();
    private final long key = privateOrSecretKey;
    private long counter;

    GcmEncrypt(long session, byte[] data) {
      super(session);
      this.data = data;
    }

    @Override
    public Object run() throws HsmException {
      Ivs.next(iv, ++counter);
      Mechanism m = Mechanism.of(Ckm.AES_GCM, new GcmParams(iv, Ivs.NO_AAD, 128));
      return crypto.encrypt(session, m, key, data);
    }
  }

  /** C_GenerateKeyPair of session objects; each iteration's keys are destroyed after it. */
  private final class KeyPairGeneration extends SessionOp {
    private final Mechanism mechanism;
    private final Attributes publicTemplate;
    private final Attributes privateTemplate;
    private final List<long[]> made = new ArrayList<>();

    KeyPairGeneration(long session) {
      super(session);
      boolean rsa = row == Row.RSA_KEYGEN;
      mechanism = Mechanism.of(rsa ? Ckm.RSA_PKCS_KEY_PAIR_GEN : Ckm.EC_KEY_PAIR_GEN);
      publicTemplate =
          (rsa
                  ? Attributes.builder().set(Cka.MODULUS_BITS, 2048L)
                  : Attributes.builder().set(Cka.EC_PARAMS, P256_OID))
              .set(Cka.VERIFY, true)
              .build();
      privateTemplate =
          Attributes.builder()
              .set(Cka.PRIVATE, true)
              .set(Cka.SENSITIVE, true)
              .set(Cka.SIGN, true)
              .build();
    }

    @Override
    public Object run() throws HsmException {
      long[] pair = crypto.generateKeyPair(session, mechanism, publicTemplate, privateTemplate);
      made.add(pair);
      return pair;
    }

    @Override
    public void afterIteration() throws HsmException {
      for (long[] pair : made) {
        hsm.destroyObject(session, pair[0]);
        hsm.destroyObject(session, pair[1]);
      }
      made.clear();
    }
  }
}
