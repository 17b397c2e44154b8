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
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.io.IOException;
import java.nio.file.Path;
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
  private byte[] ciphertext;

  private static final Mechanism ML_KEM = Mechanism.of(Ckm.ML_KEM);

  /** The KEM's shared secret: a session object with the partition's defaults. */
  private static final Attributes SHARED_SECRET = Attributes.builder().build();

  EngineRoute(Row row) throws HsmException {
    this.row = row;
    this.hsm = Hsm.open(options(row));
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

  /**
   * In memory, except for the durable token-object row: a device in a fresh state directory whose
   * flash store forces its log on every commit (the directory goes when the fork exits).
   */
  private static HsmOptions options(Row row) throws HsmException {
    if (row != Row.EC_TOKEN_KEYGEN) {
      return HsmOptions.inMemory("1234567", HsmModel.USB_HSM_7);
    }
    try {
      Path dir = StateDirectories.temporary("selene-bench-engine");
      return HsmOptions.durable("1234567", HsmModel.USB_HSM_7, dir).withShipZeroized(true);
    } catch (IOException e) {
      throw new HsmException(Ckr.GENERAL_ERROR, "cannot create a state directory", e);
    }
  }

  private void makeKeys() throws HsmException {
    switch (row) {
      case RSA_PKCS1_SIGN, RSA_PKCS1_VERIFY, RSA_PSS_SIGN ->
          pair(Ckm.RSA_PKCS_KEY_PAIR_GEN, Attributes.builder().set(Cka.MODULUS_BITS, 2048L));
      case ECDSA_SIGN, ECDSA_VERIFY ->
          pair(Ckm.EC_KEY_PAIR_GEN, Attributes.builder().set(Cka.EC_PARAMS, P256_OID));
      case ED25519_SIGN ->
          pair(Ckm.EC_EDWARDS_KEY_PAIR_GEN, Attributes.builder().set(Cka.EC_PARAMS, ED25519_OID));
      case ML_DSA_SIGN ->
          pair(Ckm.ML_DSA_KEY_PAIR_GEN, Attributes.builder().set(Cka.PARAMETER_SET, 65L));
      case ML_KEM_ENCAPSULATE, ML_KEM_DECAPSULATE -> {
        long[] handles =
            crypto.generateKeyPair(
                setupSession,
                Mechanism.of(Ckm.ML_KEM_KEY_PAIR_GEN),
                Attributes.builder()
                    .set(Cka.TOKEN, true)
                    .set(Cka.PARAMETER_SET, 768L)
                    .set(Cka.ENCRYPT, true)
                    .build(),
                Attributes.builder()
                    .set(Cka.TOKEN, true)
                    .set(Cka.PRIVATE, true)
                    .set(Cka.SENSITIVE, true)
                    .set(Cka.DECRYPT, true)
                    .build());
        publicKey = handles[0];
        privateOrSecretKey = handles[1];
        HsmCrypto.Encapsulated e =
            crypto.encapsulate(setupSession, ML_KEM, publicKey, SHARED_SECRET);
        hsm.destroyObject(setupSession, e.secretHandle());
        ciphertext = e.ciphertext();
      }
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
      case RSA_KEYGEN, EC_KEYGEN, EC_TOKEN_KEYGEN -> {} // the operation itself makes keys
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
      case ML_DSA_SIGN -> Mechanism.of(Ckm.ML_DSA);
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
    if (row.isKeyGeneration()) {
      return new KeyPairGeneration(s);
    }
    if (row.isKem()) {
      return new KemOperation(s);
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

  /**
   * C_GenerateKeyPair of session objects (token objects on the durable row); each batch's keys are
   * destroyed after it.
   */
  private final class KeyPairGeneration extends SessionOp {
    private final Mechanism mechanism;
    private final Attributes publicTemplate;
    private final Attributes privateTemplate;
    private final List<long[]> made = new ArrayList<>();

    KeyPairGeneration(long session) {
      super(session);
      boolean rsa = row == Row.RSA_KEYGEN;
      boolean token = row == Row.EC_TOKEN_KEYGEN;
      mechanism = Mechanism.of(rsa ? Ckm.RSA_PKCS_KEY_PAIR_GEN : Ckm.EC_KEY_PAIR_GEN);
      publicTemplate =
          (rsa
                  ? Attributes.builder().set(Cka.MODULUS_BITS, 2048L)
                  : Attributes.builder().set(Cka.EC_PARAMS, P256_OID))
              .set(Cka.TOKEN, token)
              .set(Cka.VERIFY, true)
              .build();
      privateTemplate =
          Attributes.builder()
              .set(Cka.TOKEN, token)
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

  /** ML-KEM-768 to or from the row's key pair; each shared secret is a new session object. */
  private final class KemOperation extends SessionOp {
    private final List<Long> secrets = new ArrayList<>();

    KemOperation(long session) {
      super(session);
    }

    @Override
    public Object run() throws HsmException {
      long secret;
      if (row == Row.ML_KEM_ENCAPSULATE) {
        HsmCrypto.Encapsulated e = crypto.encapsulate(session, ML_KEM, publicKey, SHARED_SECRET);
        secret = e.secretHandle();
      } else {
        secret = crypto.decapsulate(session, ML_KEM, privateOrSecretKey, ciphertext, SHARED_SECRET);
      }
      secrets.add(secret);
      return secret;
    }

    @Override
    public void afterIteration() throws HsmException {
      for (long secret : secrets) {
        hsm.destroyObject(session, secret);
      }
      secrets.clear();
    }
  }
}
