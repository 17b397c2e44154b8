package io.selenehsm.firmware;

import io.selenehsm.firmware.HsmUtilization.Metric;
import io.selenehsm.firmware.audit.AuditEvent;
import io.selenehsm.firmware.mech.CipherOperation;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Digester;
import io.selenehsm.firmware.mech.Drbg;
import io.selenehsm.firmware.mech.FipsPolicy;
import io.selenehsm.firmware.mech.KemOperation;
import io.selenehsm.firmware.mech.KeyPairSpec;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.MechanismInfo;
import io.selenehsm.firmware.mech.MechanismRegistry;
import io.selenehsm.firmware.mech.MechanismService;
import io.selenehsm.firmware.mech.SelfTestReport;
import io.selenehsm.firmware.mech.Signer;
import io.selenehsm.firmware.mech.Verifier;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.HsmObject;
import io.selenehsm.firmware.object.KeyPurpose;
import io.selenehsm.firmware.object.ObjectRules;
import io.selenehsm.firmware.object.UnwrapRules;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.security.Key;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import javax.crypto.SecretKey;

/**
 * The cryptographic commands of one HSM: key generation, sign/verify, encrypt/decrypt, wrap/unwrap,
 * derive, KEM, digest and random. It resolves key objects, checks their usage attributes and the
 * partition's policies, counts usage, and hands JCA keys to the mechanism layer, which checks
 * mechanisms, parameters, key types and FIPS rules.
 *
 * <p>Multi-part operations live in the session, one per kind (sign, verify, encrypt, decrypt,
 * digest); a failure ends the operation, as in PKCS#11. Single-part calls that name the mechanism
 * and key keep no state in the session at all.
 *
 * <p>Concurrency. One instance serves every session of its HSM on any number of threads, and no
 * lock sits on the crypto path. Shared and immutable: the registry and the self-test report. The
 * DRBG is shared and thread-safe (it synchronises internally). The two mechanism services are built
 * lazily into volatile fields; two threads may both build one (benign: equal services, the last
 * write wins). Per-session operation state sits in the session's concurrent map, so two sessions
 * never share an operation; a caller that drives one session from two threads gets PKCS#11's answer
 * for that (an operation already active, or not initialised). Usage counters are atomic per object;
 * the partition's lock is taken only for what must be durable and consistent across copies:
 * committing a first-use purpose and persisting a token key's count.
 */
public final class HsmCrypto {
  private static final String SIGN = "sign";
  private static final String VERIFY = "verify";
  private static final String ENCRYPT = "encrypt";
  private static final String DECRYPT = "decrypt";
  private static final String DIGEST = "digest";

  /** The generated IV of an encryption whose IV the caller chose: empty, and so shareable. */
  private static final byte[] NO_IV = new byte[0];

  private final Hsm hsm;
  private final MechanismRegistry registry;
  private final SelfTestReport selfTests;
  private final Drbg drbg;
  private volatile MechanismService permissive;
  private volatile MechanismService enforcing;

  /**
   * What the last key-pair templates decided, reused while they stay the same (a race is benign).
   */
  private volatile KeyPairLayout lastKeyPairLayout;

  /**
   * Power-on self-tests exercise the primitives of this process, which every emulated device in it
   * shares; they run once per process and each device serves according to the report.
   */
  private static final com.google.common.base.Supplier<SelfTestReport> POWER_ON_TESTS =
      com.google.common.base.Suppliers.memoize(io.selenehsm.firmware.mech.SelfTests::run);

  HsmCrypto(Hsm hsm) {
    this.hsm = hsm;
    this.selfTests = POWER_ON_TESTS.get();
    this.registry = MechanismRegistry.afterSelfTests(selfTests);
    this.drbg = Drbg.hmacSha512();
  }

  /** The power-on self-test report; failed mechanisms are refused. */
  public SelfTestReport selfTestReport() {
    return selfTests;
  }

  public List<MechanismInfo> mechanisms() {
    return registry.list();
  }

  public MechanismInfo mechanismInfo(long mechanism) throws HsmException {
    return registry.info(mechanism);
  }

  /** The mechanism service for the HSM's current FIPS setting (HSM policy 12). */
  private MechanismService service() throws HsmException {
    boolean fips = !hsm.hsmPolicies().isOn(HsmPolicies.ALLOW_NON_FIPS);
    if (fips) {
      MechanismService s = enforcing;
      if (s == null) {
        s = enforcing = new MechanismService(registry, FipsPolicy.enforcing(), drbg);
      }
      return s;
    }
    MechanismService s = permissive;
    if (s == null) {
      s = permissive = new MechanismService(registry, FipsPolicy.permissive(), drbg);
    }
    return s;
  }

  // ---------------------------------------------------------------- key generation

  /** C_GenerateKey: a secret key of the template's CKA_VALUE_LEN (AES, DES3, generic). */
  public long generateKey(long session, Mechanism m, Attributes template) throws HsmException {
    return hsm.audit()
        .keyManagement(
            AuditEvent.GENERATE_KEY,
            Metric.KEY_GENERATE,
            session,
            "mechanism " + m,
            () -> generateKeyCommand(session, m, template));
  }

  private long generateKeyCommand(long session, Mechanism m, Attributes template)
      throws HsmException {
    Session s = begin(session);
    ObjectRules.checkCallerTemplate(template);
    MechanismInfo info = registry.info(m.id());
    long keyType = template.ulong(Cka.KEY_TYPE, info.keyType());
    int bytes = secretLength(m.id(), keyType, template);
    SecretKey key = service().keyGenerators().generateKey(m, bytes * 8);
    Attributes.Builder b =
        template.toBuilder()
            .set(Cka.CLASS, Cko.SECRET_KEY)
            .set(Cka.KEY_TYPE, keyType)
            .set(Cka.VALUE, key.getEncoded())
            .remove(Cka.VALUE_LEN);
    Attributes complete =
        KeyPurpose.forNewKey(
            template, generated(b, m.id()), hsm.dualPurposeAllowed(hsm.objectPartition(s)));
    return hsm.insertEngineObject(s, complete, null).handle();
  }

  private static int secretLength(long mech, long keyType, Attributes t) throws HsmException {
    if (keyType == Ckk.DES3 || mech == Ckm.DES3_KEY_GEN) {
      return 24;
    }
    if (!t.has(Cka.VALUE_LEN)) {
      throw new HsmException(Ckr.TEMPLATE_INCOMPLETE, "secret key generation needs CKA_VALUE_LEN");
    }
    long len = t.ulong(Cka.VALUE_LEN, 0);
    if (len <= 0 || len > 512) {
      throw new HsmException(Ckr.KEY_SIZE_RANGE, "CKA_VALUE_LEN " + len + " is outside 1-512");
    }
    ObjectRules.checkSecretLength(keyType, (int) len);
    return (int) len;
  }

  /** C_GenerateKeyPair: returns {public handle, private handle}. */
  public long[] generateKeyPair(
      long session, Mechanism m, Attributes publicTemplate, Attributes privateTemplate)
      throws HsmException {
    HsmObject[] both = generatePair(session, m, publicTemplate, privateTemplate);
    return new long[] {both[0].handle(), both[1].handle()};
  }

  /**
   * C_GenerateKeyPair answering both handles and each half's readable attributes (what
   * C_GetAttributeValue would answer the generating session right after), so a caller that builds
   * key objects needs no second call. Same checks, same refusals, same audit as {@link
   * #generateKeyPair}.
   */
  public GeneratedKeyPair generateKeyPairObjects(
      long session, Mechanism m, Attributes publicTemplate, Attributes privateTemplate)
      throws HsmException {
    HsmObject[] both = generatePair(session, m, publicTemplate, privateTemplate);
    return new GeneratedKeyPair(
        both[0].handle(),
        both[1].handle(),
        ObjectRules.readable(both[0]),
        ObjectRules.readable(both[1]));
  }

  private HsmObject[] generatePair(
      long session, Mechanism m, Attributes publicTemplate, Attributes privateTemplate)
      throws HsmException {
    return hsm.audit()
        .keyManagement(
            AuditEvent.GENERATE_KEY_PAIR,
            Metric.KEY_GENERATE,
            session,
            "mechanism " + m,
            () -> generateKeyPairCommand(session, m, publicTemplate, privateTemplate));
  }

  private HsmObject[] generateKeyPairCommand(
      long session, Mechanism m, Attributes publicTemplate, Attributes privateTemplate)
      throws HsmException {
    Session s = begin(session);
    // What the templates alone decide (checks, spec, both halves' completed layout) is worked
    // out once per templates; the checks run again whenever they change (KeyPairLayout).
    KeyPairLayout layout = lastKeyPairLayout;
    boolean prepared = layout != null && layout.isFor(m.id(), publicTemplate, privateTemplate);
    long keyType;
    KeyPairSpec spec;
    if (prepared) {
      keyType = layout.keyType();
      spec = layout.spec();
    } else {
      ObjectRules.checkCallerTemplate(publicTemplate);
      ObjectRules.checkCallerTemplate(privateTemplate);
      keyType = registry.info(m.id()).keyType();
      spec = KeyObjects.keyPairSpec(m.id(), publicTemplate);
    }
    KeyPair pair = service().keyGenerators().generateKeyPair(m, spec);
    KeyPairLayout.DualPurpose dual = () -> hsm.dualPurposeAllowed(hsm.objectPartition(s));
    Attributes[] halves = prepared ? layout.fill(pair, dual) : null;
    if (halves == null) {
      KeyPairLayout.Completed c =
          KeyPairLayout.complete(m.id(), keyType, publicTemplate, privateTemplate, pair, dual);
      halves = new Attributes[] {c.publicHalf(), c.privateHalf()};
      lastKeyPairLayout =
          KeyPairLayout.prepare(m.id(), keyType, publicTemplate, privateTemplate, spec, c);
    }
    // Both halves or neither; token halves are committed to flash together.
    HsmObject[] both = hsm.insertEnginePair(s, halves[0], halves[1]);
    KeyObjects.cache(both[1], pair.getPrivate());
    KeyObjects.cache(both[0], pair.getPublic());
    return both;
  }

  /**
   * Completes a template for a private or secret key the HSM made: local, sensitivity history,
   * defaults. The history is set before completion, from the same defaults completion applies
   * (CKA_SENSITIVE true, CKA_EXTRACTABLE false), so the attribute set is built once.
   */
  static Attributes generated(Attributes.Builder b, long mechanism) throws HsmException {
    b.set(Cka.LOCAL, true)
        .set(Cka.KEY_GEN_MECHANISM, mechanism)
        .set(Cka.ALWAYS_SENSITIVE, b.bool(Cka.SENSITIVE, true))
        .set(Cka.NEVER_EXTRACTABLE, !b.bool(Cka.EXTRACTABLE, false));
    return ObjectRules.completeGenerated(b);
  }

  // ---------------------------------------------------------------- sign and verify

  public void signInit(long session, Mechanism m, long key) throws HsmException {
    hsm.audit()
        .keyUse(
            AuditEvent.SIGN_INIT,
            Metric.SIGN,
            session,
            key,
            () -> {
              signInitCommand(session, m, key);
              return null;
            });
  }

  private void signInitCommand(long session, Mechanism m, long key) throws HsmException {
    Session s = begin(session);
    HsmObject o = useKey(s, key, Cka.SIGN, "sign");
    startOperation(s, SIGN, signer(m, o));
  }

  public void signUpdate(long session, byte[] data) throws HsmException {
    Session s = begin(session);
    Signer signer = operation(s, SIGN, Signer.class);
    run(s, SIGN, () -> signer.update(data));
  }

  public byte[] signFinal(long session) throws HsmException {
    Session s = begin(session);
    Signer signer = operation(s, SIGN, Signer.class);
    return finish(s, SIGN, signer::sign);
  }

  /** C_Sign after C_SignInit. */
  public byte[] sign(long session, byte[] data) throws HsmException {
    Session s = begin(session);
    Signer signer = operation(s, SIGN, Signer.class);
    return finish(s, SIGN, () -> signer.sign(data));
  }

  /** Single-part sign with no session state: init and sign in one command. */
  public byte[] sign(long session, Mechanism m, long key, byte[] data) throws HsmException {
    if (hsm.audit().admitUnrecordedKeyUse(AuditEvent.SIGN, Metric.SIGN, session)) {
      return signCommand(session, m, key, data);
    }
    return hsm.audit()
        .keyUse(
            AuditEvent.SIGN, Metric.SIGN, session, key, () -> signCommand(session, m, key, data));
  }

  private byte[] signCommand(long session, Mechanism m, long key, byte[] data) throws HsmException {
    Session s = begin(session);
    HsmObject o = useKey(s, key, Cka.SIGN, "sign");
    return signer(m, o).sign(data);
  }

  public void verifyInit(long session, Mechanism m, long key) throws HsmException {
    hsm.audit()
        .keyUse(
            AuditEvent.VERIFY_INIT,
            Metric.VERIFY,
            session,
            key,
            () -> {
              verifyInitCommand(session, m, key);
              return null;
            });
  }

  private void verifyInitCommand(long session, Mechanism m, long key) throws HsmException {
    Session s = begin(session);
    HsmObject o = useKey(s, key, Cka.VERIFY, "verify");
    startOperation(s, VERIFY, verifier(m, o));
  }

  public void verifyUpdate(long session, byte[] data) throws HsmException {
    Session s = begin(session);
    Verifier v = operation(s, VERIFY, Verifier.class);
    run(s, VERIFY, () -> v.update(data));
  }

  /** C_VerifyFinal: returns normally only when the signature is valid. */
  public void verifyFinal(long session, byte[] signature) throws HsmException {
    Session s = begin(session);
    Verifier v = operation(s, VERIFY, Verifier.class);
    finish(
        s,
        VERIFY,
        () -> {
          v.verify(signature);
          return null;
        });
  }

  public void verify(long session, byte[] data, byte[] signature) throws HsmException {
    Session s = begin(session);
    Verifier v = operation(s, VERIFY, Verifier.class);
    finish(
        s,
        VERIFY,
        () -> {
          v.verify(data, signature);
          return null;
        });
  }

  /** Single-part verify with no session state. */
  public void verify(long session, Mechanism m, long key, byte[] data, byte[] signature)
      throws HsmException {
    if (hsm.audit().admitUnrecordedKeyUse(AuditEvent.VERIFY, Metric.VERIFY, session)) {
      verifyCommand(session, m, key, data, signature);
      return;
    }
    hsm.audit()
        .keyUse(
            AuditEvent.VERIFY,
            Metric.VERIFY,
            session,
            key,
            () -> {
              verifyCommand(session, m, key, data, signature);
              return null;
            });
  }

  private void verifyCommand(long session, Mechanism m, long key, byte[] data, byte[] signature)
      throws HsmException {
    Session s = begin(session);
    HsmObject o = useKey(s, key, Cka.VERIFY, "verify");
    verifier(m, o).verify(data, signature);
  }

  /** Verifies with a public key the caller holds (not an object), e.g. a peer's certificate key. */
  public void verifyWithPublicKey(
      long session, Mechanism m, PublicKey key, byte[] data, byte[] signature) throws HsmException {
    begin(session);
    service().verifier(m, key).verify(data, signature);
  }

  // ---------------------------------------------------------------- encrypt and decrypt

  /** C_EncryptInit; returns the IV the HSM generated (GCM/CTR with none given), else empty. */
  public byte[] encryptInit(long session, Mechanism m, long key) throws HsmException {
    return hsm.audit()
        .keyUse(
            AuditEvent.ENCRYPT_INIT,
            Metric.ENCRYPT,
            session,
            key,
            () -> encryptInitCommand(session, m, key));
  }

  private byte[] encryptInitCommand(long session, Mechanism m, long key) throws HsmException {
    Session s = begin(session);
    HsmObject o = useKey(s, key, Cka.ENCRYPT, "encrypt");
    CipherOperation op = encryptor(m, o);
    startOperation(s, ENCRYPT, op);
    return op.generatedIv().orElse(new byte[0]);
  }

  public byte[] encryptUpdate(long session, byte[] data) throws HsmException {
    Session s = begin(session);
    CipherOperation op = operation(s, ENCRYPT, CipherOperation.class);
    return run(s, ENCRYPT, () -> op.update(data));
  }

  public byte[] encryptFinal(long session) throws HsmException {
    Session s = begin(session);
    CipherOperation op = operation(s, ENCRYPT, CipherOperation.class);
    return finish(s, ENCRYPT, op::doFinal);
  }

  public byte[] encrypt(long session, byte[] data) throws HsmException {
    Session s = begin(session);
    CipherOperation op = operation(s, ENCRYPT, CipherOperation.class);
    return finish(s, ENCRYPT, () -> op.process(data));
  }

  /** Single-part encryption; with an HSM-generated IV the result is IV followed by ciphertext. */
  public Encrypted encrypt(long session, Mechanism m, long key, byte[] data) throws HsmException {
    if (hsm.audit().admitUnrecordedKeyUse(AuditEvent.ENCRYPT, Metric.ENCRYPT, session)) {
      return encryptCommand(session, m, key, data);
    }
    return hsm.audit()
        .keyUse(
            AuditEvent.ENCRYPT,
            Metric.ENCRYPT,
            session,
            key,
            () -> encryptCommand(session, m, key, data));
  }

  private Encrypted encryptCommand(long session, Mechanism m, long key, byte[] data)
      throws HsmException {
    Session s = begin(session);
    HsmObject o = useKey(s, key, Cka.ENCRYPT, "encrypt");
    CipherOperation op = encryptor(m, o);
    byte[] out = op.process(data);
    return new Encrypted(op.generatedIv().orElse(NO_IV), out);
  }

  /** Ciphertext plus the IV the HSM generated for it (empty when the caller gave one). */
  public record Encrypted(byte[] generatedIv, byte[] ciphertext) {}

  public void decryptInit(long session, Mechanism m, long key) throws HsmException {
    hsm.audit()
        .keyUse(
            AuditEvent.DECRYPT_INIT,
            Metric.DECRYPT,
            session,
            key,
            () -> {
              decryptInitCommand(session, m, key);
              return null;
            });
  }

  private void decryptInitCommand(long session, Mechanism m, long key) throws HsmException {
    Session s = begin(session);
    HsmObject o = useKey(s, key, Cka.DECRYPT, "decrypt");
    startOperation(s, DECRYPT, decryptor(m, o));
  }

  public byte[] decryptUpdate(long session, byte[] data) throws HsmException {
    Session s = begin(session);
    CipherOperation op = operation(s, DECRYPT, CipherOperation.class);
    return run(s, DECRYPT, () -> op.update(data));
  }

  public byte[] decryptFinal(long session) throws HsmException {
    Session s = begin(session);
    CipherOperation op = operation(s, DECRYPT, CipherOperation.class);
    return finish(s, DECRYPT, op::doFinal);
  }

  public byte[] decrypt(long session, byte[] data) throws HsmException {
    Session s = begin(session);
    CipherOperation op = operation(s, DECRYPT, CipherOperation.class);
    return finish(s, DECRYPT, () -> op.process(data));
  }

  public byte[] decrypt(long session, Mechanism m, long key, byte[] data) throws HsmException {
    if (hsm.audit().admitUnrecordedKeyUse(AuditEvent.DECRYPT, Metric.DECRYPT, session)) {
      return decryptCommand(session, m, key, data);
    }
    return hsm.audit()
        .keyUse(
            AuditEvent.DECRYPT,
            Metric.DECRYPT,
            session,
            key,
            () -> decryptCommand(session, m, key, data));
  }

  private byte[] decryptCommand(long session, Mechanism m, long key, byte[] data)
      throws HsmException {
    Session s = begin(session);
    HsmObject o = useKey(s, key, Cka.DECRYPT, "decrypt");
    return decryptor(m, o).process(data);
  }

  /** Encrypts with a public key the caller holds (RSA encryption to a peer). */
  public byte[] encryptWithPublicKey(long session, Mechanism m, PublicKey key, byte[] data)
      throws HsmException {
    begin(session);
    return service().encryptor(m, key).process(data);
  }

  // ---------------------------------------------------------------- digest and random

  public void digestInit(long session, Mechanism m) throws HsmException {
    Session s = begin(session);
    startOperation(s, DIGEST, service().digester(m));
  }

  public void digestUpdate(long session, byte[] data) throws HsmException {
    Session s = begin(session);
    Digester d = operation(s, DIGEST, Digester.class);
    run(s, DIGEST, () -> d.update(data));
  }

  /** C_DigestKey: feeds a secret key's value into the digest without revealing it. */
  public void digestKey(long session, long key) throws HsmException {
    Session s = begin(session);
    Digester d = operation(s, DIGEST, Digester.class);
    HsmObject o = hsm.visibleObject(s, hsm.objectPartition(s), key);
    if (o.objectClass() != Cko.SECRET_KEY) {
      throw new HsmException(Ckr.KEY_INDIGESTIBLE, "object " + key + " is not a secret key");
    }
    run(s, DIGEST, () -> d.update(o.attributes().get(Cka.VALUE)));
  }

  public byte[] digestFinal(long session) throws HsmException {
    Session s = begin(session);
    Digester d = operation(s, DIGEST, Digester.class);
    return finish(s, DIGEST, d::digest);
  }

  public byte[] digest(long session, Mechanism m, byte[] data) throws HsmException {
    begin(session);
    Digester d = service().digester(m);
    d.update(data);
    return d.digest();
  }

  /** C_SeedRandom: mixes caller material into the DRBG (it never replaces the entropy). */
  public void seedRandom(long session, byte[] seed) throws HsmException {
    begin(session);
    if (seed == null || seed.length == 0 || seed.length > 4096) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "seed material must be 1-4096 bytes");
    }
    drbg.reseed(seed);
  }

  public byte[] generateRandom(long session, int length) throws HsmException {
    begin(session);
    if (length < 0 || length > (1 << 20)) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD, "random length " + length + " is outside 0-1048576");
    }
    return drbg.generate(length);
  }

  // ---------------------------------------------------------------- wrap, unwrap, derive, KEM

  /** C_WrapKey: the wrapped key must be extractable and no stronger than the wrapping key. */
  public byte[] wrapKey(long session, Mechanism m, long wrappingKey, long key) throws HsmException {
    return hsm.audit()
        .keyManagement(
            AuditEvent.WRAP_KEY,
            null,
            session,
            "key " + key + " under " + wrappingKey,
            () -> wrapKeyCommand(session, m, wrappingKey, key));
  }

  private byte[] wrapKeyCommand(long session, Mechanism m, long wrappingKey, long key)
      throws HsmException {
    Session s = begin(session);
    Partition p = hsm.objectPartition(s);
    HsmObject wrapping = useKey(s, wrappingKey, Cka.WRAP, "wrap");
    HsmObject target = hsm.visibleObject(s, p, key);
    long cls = target.objectClass();
    if (cls != Cko.SECRET_KEY && cls != Cko.PRIVATE_KEY) {
      throw new HsmException(
          Ckr.KEY_NOT_WRAPPABLE, "object " + key + " is not a secret or private key");
    }
    if (!target.isExtractable()) {
      throw new HsmException(Ckr.KEY_UNEXTRACTABLE, "object " + key + " is not extractable");
    }
    int policy =
        cls == Cko.PRIVATE_KEY
            ? PartitionPolicies.PRIVATE_KEY_WRAPPING
            : PartitionPolicies.SECRET_KEY_WRAPPING;
    requirePolicy(
        p, policy, cls == Cko.PRIVATE_KEY ? "private key wrapping" : "secret key wrapping");
    if (target.attributes().bool(Cka.WRAP_WITH_TRUSTED, false)
        && !wrapping.attributes().bool(Cka.TRUSTED, false)) {
      throw new HsmException(
          Ckr.KEY_NOT_WRAPPABLE,
          "object " + key + " may only be wrapped by a trusted key (CKA_WRAP_WITH_TRUSTED)");
    }
    Attributes wrapTemplate = ObjectRules.nested(wrapping.attributes(), Cka.WRAP_TEMPLATE);
    if (!target.attributes().matches(wrapTemplate)) {
      throw new HsmException(
          Ckr.KEY_NOT_WRAPPABLE,
          "object "
              + key
              + " does not match the"
              + " CKA_WRAP_TEMPLATE of wrapping key "
              + wrappingKey);
    }
    // SP 800-131A's "no weaker wrapping key" rule is a FIPS-mode rule (HSM policy 12), as on
    // the vendor's HSM: outside FIPS mode DES3 may wrap AES-128.
    if (!hsm.hsmPolicies().isOn(HsmPolicies.ALLOW_NON_FIPS)
        && KeyObjects.strength(wrapping) < KeyObjects.strength(target)) {
      throw new HsmException(
          Ckr.WRAPPING_KEY_SIZE_RANGE,
          "wrapping key "
              + wrappingKey
              + " ("
              + KeyObjects.strength(wrapping)
              + "-bit strength) is weaker than key "
              + key
              + " ("
              + KeyObjects.strength(target)
              + "-bit), which FIPS mode refuses");
    }
    if (wrapping.objectClass() == Cko.PUBLIC_KEY) {
      commitPrivateHalves(p, wrapping);
    }
    byte[] material =
        cls == Cko.SECRET_KEY
            ? target.attributes().get(Cka.VALUE)
            : target.attributes().get(Cka.PRIVATE_KEY_INFO);
    return service().wrapper(m, KeyObjects.decode(wrapping)).wrap(material);
  }

  /**
   * Wrapping under a public key hands the wrapped key to whoever may decrypt with the private half,
   * so every private key of this partition with the same public values (the half made with it, or a
   * copy) must not decrypt data: an uncommitted one is committed to key use, one committed to data
   * refuses the wrap. The halves are matched by value, not by object, so importing the public key
   * again does not get around it.
   */
  private void commitPrivateHalves(Partition p, HsmObject wrapping) throws HsmException {
    java.math.BigInteger modulus = rsaModulus(wrapping);
    if (modulus == null) {
      return;
    }
    boolean dualAllowed = hsm.dualPurposeAllowed(p);
    for (HsmObject o : List.copyOf(p.objects.values())) {
      if (o.objectClass() != Cko.PRIVATE_KEY
          || o.keyType() != Ckk.RSA
          || !o.allows(Cka.DECRYPT)
          || !modulus.equals(rsaModulus(o))) {
        continue;
      }
      if (o.isUncommitted()) {
        commitPurpose(p, o, Cka.UNWRAP, "unwrap");
      } else if (!(dualAllowed && o.attributes().bool(Cka.DUAL_PURPOSE, false))) {
        throw new HsmException(
            Ckr.KEY_FUNCTION_NOT_PERMITTED,
            "the private half of wrapping key "
                + wrapping.handle()
                + " (key "
                + o.handle()
                + ") decrypts data; a key wrapped under"
                + " it could be decrypted");
      }
    }
  }

  /** The RSA modulus of a key object, or null when it is no RSA key. */
  private static java.math.BigInteger rsaModulus(HsmObject o) throws HsmException {
    if (o.keyType() != Ckk.RSA) {
      return null;
    }
    byte[] m = o.attributes().get(Cka.MODULUS);
    if (m != null) {
      return new java.math.BigInteger(1, m);
    }
    Key k = KeyObjects.decode(o);
    return k instanceof java.security.interfaces.RSAKey r ? r.getModulus() : null;
  }

  /** C_UnwrapKey: the template names the class and key type of what comes out. */
  public long unwrapKey(
      long session, Mechanism m, long unwrappingKey, byte[] wrapped, Attributes template)
      throws HsmException {
    return hsm.audit()
        .keyManagement(
            AuditEvent.UNWRAP_KEY,
            null,
            session,
            "under key " + unwrappingKey,
            () -> unwrapKeyCommand(session, m, unwrappingKey, wrapped, template));
  }

  private long unwrapKeyCommand(
      long session, Mechanism m, long unwrappingKey, byte[] wrapped, Attributes template)
      throws HsmException {
    Session s = begin(session);
    Partition p = hsm.objectPartition(s);
    ObjectRules.checkCallerTemplate(template);
    HsmObject unwrapping = useKey(s, unwrappingKey, Cka.UNWRAP, "unwrap");
    template =
        UnwrapRules.merge(
            template,
            ObjectRules.nested(unwrapping.attributes(), Cka.UNWRAP_TEMPLATE),
            unwrappingKey);
    long cls = template.ulong(Cka.CLASS, -1);
    if (cls != Cko.SECRET_KEY && cls != Cko.PRIVATE_KEY) {
      // A wrapped blob carries key material only: made into a public key, a certificate or a
      // data object, its bytes would become readable (re-import as a public object).
      throw new HsmException(
          template.has(Cka.CLASS) ? Ckr.TEMPLATE_INCONSISTENT : Ckr.TEMPLATE_INCOMPLETE,
          "the unwrap template needs CKA_CLASS CKO_SECRET_KEY or CKO_PRIVATE_KEY");
    }
    UnwrapRules.checkSensitivity(
        template,
        PartitionPolicies.NON_SENSITIVE_UNWRAP,
        p.record.policies().isOn(PartitionPolicies.NON_SENSITIVE_UNWRAP));
    requirePolicy(
        p,
        cls == Cko.PRIVATE_KEY
            ? PartitionPolicies.PRIVATE_KEY_UNWRAPPING
            : PartitionPolicies.SECRET_KEY_UNWRAPPING,
        cls == Cko.PRIVATE_KEY ? "private key unwrapping" : "secret key unwrapping");
    byte[] material = service().wrapper(m, KeyObjects.decode(unwrapping)).unwrap(wrapped);
    Attributes.Builder b = template.toBuilder();
    if (cls == Cko.SECRET_KEY) {
      if (!template.has(Cka.KEY_TYPE)) {
        throw new HsmException(Ckr.TEMPLATE_INCOMPLETE, "the unwrap template needs CKA_KEY_TYPE");
      }
      b.set(Cka.VALUE, material).remove(Cka.VALUE_LEN);
    } else {
      long keyType;
      PrivateKey priv;
      try {
        keyType = KeyObjects.keyTypeOfPkcs8(material);
        priv = io.selenehsm.firmware.mech.KeyDecoder.privateKey(keyType, material);
      } catch (HsmException e) {
        // The same answer as a failed unwrap: after RSA PKCS#1 or OAEP, a distinct error for
        // "decrypted, but not a key" would tell the caller the padding was right (an oracle).
        throw new HsmException(Ckr.WRAPPED_KEY_INVALID, "wrapped key does not unwrap", e);
      }
      if (template.has(Cka.KEY_TYPE) && template.ulong(Cka.KEY_TYPE, -1) != keyType) {
        throw new HsmException(
            Ckr.TEMPLATE_INCONSISTENT,
            String.format(
                "the unwrapped key is of type 0x%x, the template says 0x%x",
                keyType, template.ulong(Cka.KEY_TYPE, -1)));
      }
      b.set(Cka.KEY_TYPE, keyType)
          .putAll(KeyObjects.privateAttributes(keyType, priv, null).build());
    }
    return importKey(s, template, b, null);
  }

  /** C_DeriveKey: derives a secret key of the template's type and CKA_VALUE_LEN. */
  public long deriveKey(long session, Mechanism m, long baseKey, Attributes template)
      throws HsmException {
    return hsm.audit()
        .keyManagement(
            AuditEvent.DERIVE_KEY,
            Metric.KEY_DERIVE,
            session,
            "from key " + baseKey,
            () -> deriveKeyCommand(session, m, baseKey, template));
  }

  private long deriveKeyCommand(long session, Mechanism m, long baseKey, Attributes template)
      throws HsmException {
    Session s = begin(session);
    ObjectRules.checkCallerTemplate(template);
    Key base = null;
    HsmObject baseObject = null;
    if (baseKey != 0) {
      baseObject = useKey(s, baseKey, Cka.DERIVE, "derive");
      base = KeyObjects.decode(baseObject);
      if (!isKeyAgreement(m.id())) {
        UnwrapRules.checkDerivedStrength(baseObject, template);
      }
    }
    long keyType = template.ulong(Cka.KEY_TYPE, Ckk.GENERIC_SECRET);
    int len = template.has(Cka.VALUE_LEN) ? (int) template.ulong(Cka.VALUE_LEN, 0) : 0;
    if (keyType == Ckk.AES && len == 0) {
      throw new HsmException(Ckr.TEMPLATE_INCOMPLETE, "deriving an AES key needs CKA_VALUE_LEN");
    }
    byte[] value = service().deriver(m).derive(base, len);
    if (len == 0) {
      len = value.length;
    }
    ObjectRules.checkSecretLength(keyType, len);
    Attributes.Builder b =
        template.toBuilder()
            .set(Cka.CLASS, Cko.SECRET_KEY)
            .set(Cka.KEY_TYPE, keyType)
            .set(Cka.VALUE, java.util.Arrays.copyOf(value, len))
            .remove(Cka.VALUE_LEN);
    return importKey(
        s, template, b, baseObject != null && !isKeyAgreement(m.id()) ? baseObject : null);
  }

  /**
   * Key agreement: the output depends on a peer's public value too, so it reveals nothing of the
   * base key on its own and may be non-sensitive (the JCA KeyAgreement returns its bytes).
   */
  private static boolean isKeyAgreement(long mechanism) {
    return mechanism == Ckm.ECDH1_DERIVE || mechanism == Ckm.ECDH1_COFACTOR_DERIVE;
  }

  /** ML-KEM encapsulation to a public key object: the ciphertext and the new secret's handle. */
  public Encapsulated encapsulate(long session, Mechanism m, long publicKey, Attributes template)
      throws HsmException {
    Session s = begin(session);
    ObjectRules.checkCallerTemplate(template);
    HsmObject o = useKey(s, publicKey, Cka.ENCRYPT, "encapsulate to");
    KemOperation.Encapsulation e = service().kem(m).encapsulate((PublicKey) KeyObjects.decode(o));
    long handle = importKey(s, template, secretTemplate(template, e.sharedSecret()), null);
    return new Encapsulated(e.ciphertext(), handle);
  }

  public record Encapsulated(byte[] ciphertext, long secretHandle) {}

  public long decapsulate(
      long session, Mechanism m, long privateKey, byte[] ciphertext, Attributes template)
      throws HsmException {
    Session s = begin(session);
    ObjectRules.checkCallerTemplate(template);
    HsmObject o = useKey(s, privateKey, Cka.DECRYPT, "decapsulate with");
    byte[] secret = service().kem(m).decapsulate((PrivateKey) KeyObjects.decode(o), ciphertext);
    return importKey(s, template, secretTemplate(template, secret), null);
  }

  private static Attributes.Builder secretTemplate(Attributes template, byte[] secret) {
    return template.toBuilder()
        .set(Cka.CLASS, Cko.SECRET_KEY)
        .set(Cka.KEY_TYPE, template.ulong(Cka.KEY_TYPE, Ckk.GENERIC_SECRET))
        .set(Cka.VALUE, secret)
        .remove(Cka.VALUE_LEN);
  }

  /**
   * Stores a key that did not originate in this HSM's generator (unwrapped, derived, agreed): not
   * local; never "always sensitive" or "never extractable", except a key derived from {@code base}
   * by a function of the base alone, which inherits the base's history (PKCS#11: ALWAYS_SENSITIVE
   * only while the base was always sensitive and the new key is sensitive).
   */
  private long importKey(Session s, Attributes callerTemplate, Attributes.Builder b, HsmObject base)
      throws HsmException {
    Attributes draft = ObjectRules.completeForCreate(b.set(Cka.LOCAL, false).build(), true);
    boolean alwaysSensitive =
        base != null
            && draft.bool(Cka.SENSITIVE, true)
            && base.attributes().bool(Cka.ALWAYS_SENSITIVE, false);
    boolean neverExtractable =
        base != null
            && !draft.bool(Cka.EXTRACTABLE, false)
            && base.attributes().bool(Cka.NEVER_EXTRACTABLE, false);
    Attributes complete =
        KeyPurpose.forNewKey(
            callerTemplate,
            draft.toBuilder()
                .set(Cka.ALWAYS_SENSITIVE, alwaysSensitive)
                .set(Cka.NEVER_EXTRACTABLE, neverExtractable)
                .build(),
            hsm.dualPurposeAllowed(hsm.objectPartition(s)));
    return hsm.insertEngineObject(s, complete, null).handle();
  }

  /** A signer over a key object held outside the partition (SKS multi-sign from a blob). */
  Signer signerFor(Mechanism m, HsmObject o) throws HsmException {
    return signer(m, o);
  }

  // ---------------------------------------------------------------- shared checks

  private Signer signer(Mechanism m, HsmObject o) throws HsmException {
    KeyObjects.Decoded d = KeyObjects.decoded(o);
    return service().signer(m, d.key(), d.profile());
  }

  private Verifier verifier(Mechanism m, HsmObject o) throws HsmException {
    KeyObjects.Decoded d = KeyObjects.decoded(o);
    return service().verifier(m, d.key(), d.profile());
  }

  private CipherOperation encryptor(Mechanism m, HsmObject o) throws HsmException {
    KeyObjects.Decoded d = KeyObjects.decoded(o);
    return service().encryptor(m, d.key(), d.profile());
  }

  private CipherOperation decryptor(Mechanism m, HsmObject o) throws HsmException {
    KeyObjects.Decoded d = KeyObjects.decoded(o);
    return service().decryptor(m, d.key(), d.profile());
  }

  private Session begin(long session) throws HsmException {
    Session s = hsm.session(session);
    hsm.gate(Hsm.Access.NORMAL);
    return s;
  }

  /**
   * Resolves a key the session may use for {@code purpose}: visible, a key, with the usage
   * attribute set, and below its usage limit (counted atomically; a token key with a limit has its
   * count committed before the operation runs, so a crash never grants extra uses).
   */
  private HsmObject useKey(Session s, long handle, long usage, String purpose) throws HsmException {
    KeyUseGrant g = s.keyUseGrant;
    if (g != null && g.handle() == handle && g.usage() == usage && hsm.stillGranted(s, g)) {
      countUse(g.partition(), g.object());
      return g.object();
    }
    return checkedUseKey(s, handle, usage, purpose);
  }

  /**
   * The full checks of {@link #useKey}; when their outcome depends only on what a {@link
   * KeyUseGrant} tracks, the session remembers it for the next operation on the same key.
   */
  @SuppressWarnings("ReferenceEquality") // did the record change during the checks
  private HsmObject checkedUseKey(Session s, long handle, long usage, String purpose)
      throws HsmException {
    long epoch = hsm.loginEpoch(); // before the role is read: a login change after it is seen
    Partition p = hsm.objectPartition(s);
    PartitionRecord record = p.record;
    Role role = hsm.roleOf(s);
    HsmObject o = hsm.visibleObject(s, p, handle, role);
    if (!Cko.isKey(o.objectClass())) {
      throw new HsmException(Ckr.KEY_HANDLE_INVALID, "object " + handle + " is not a key");
    }
    if (!o.allows(usage)) {
      throw new HsmException(
          Ckr.KEY_FUNCTION_NOT_PERMITTED,
          "key " + handle + " may not " + purpose + " (" + ObjectRules.name(usage) + " is false)");
    }
    if (o.objectClass() != Cko.PUBLIC_KEY && role == null) {
      throw new HsmException(Ckr.USER_NOT_LOGGED_IN, "using key " + handle + " needs a login");
    }
    hsm.keyAuthorization().checkUse(s, p, o);
    // Only a data or key use commits an uncommitted key, and that first use must take this path;
    // signing with it commits nothing, so it is granted like any key (a later commit replaces the
    // object, which makes the grant stale).
    boolean commits =
        o.isUncommitted() && (KeyPurpose.isDataUse(usage) || KeyPurpose.isKeyUse(usage));
    boolean grantable =
        !commits && !hsm.keyAuthorization().appliesTo(s, p, o) && p.record == record;
    if (commits) {
      o = commitPurpose(p, o, usage, purpose);
    }
    countUse(p, o);
    s.keyUseGrant = grantable ? new KeyUseGrant(handle, usage, p, record, o, epoch) : null;
    return o;
  }

  /**
   * First use of an uncommitted key: clears the other kind of usage (see {@link KeyPurpose}) on the
   * key and its copies under the partition lock, durably for token keys before the operation runs.
   * A concurrent first use of the other kind finds the key committed and is refused.
   */
  private HsmObject commitPurpose(Partition p, HsmObject o, long usage, String purpose)
      throws HsmException {
    p.lock.lock();
    try {
      HsmObject current = p.objects.get(o.handle());
      if (current == null) {
        throw new HsmException(
            Ckr.OBJECT_HANDLE_INVALID, "key " + o.handle() + " was destroyed concurrently");
      }
      if (!current.allows(usage)) {
        throw new HsmException(
            Ckr.KEY_FUNCTION_NOT_PERMITTED,
            "key "
                + o.handle()
                + " may not "
                + purpose
                + ": its first use committed it to the other kind of usage");
      }
      if (!current.isUncommitted()) {
        return current;
      }
      // Copies of the key in this partition (C_CopyObject, makePersistent) share its OUID and
      // its value: they commit together, or a copy would serve the other kind of use.
      List<HsmObject> family = new java.util.ArrayList<>();
      for (HsmObject other : p.objects.values()) {
        if (other.handle() != current.handle()
            && java.util.Arrays.equals(other.ouid(), current.ouid())) {
          boolean otherKind =
              KeyPurpose.isKeyUse(usage)
                  ? other.allows(Cka.ENCRYPT) || other.allows(Cka.DECRYPT)
                  : other.allows(Cka.WRAP) || other.allows(Cka.UNWRAP);
          if (!other.isUncommitted() && otherKind) {
            throw new HsmException(
                Ckr.KEY_FUNCTION_NOT_PERMITTED,
                "key "
                    + o.handle()
                    + " may not "
                    + purpose
                    + ": its copy "
                    + other.handle()
                    + " is committed to the other kind of usage");
          }
          if (other.isUncommitted()) {
            family.add(other);
          }
        }
      }
      family.add(0, current);
      List<HsmObject> next = new java.util.ArrayList<>();
      io.selenehsm.firmware.store.FlashStore.Batch batch =
          new io.selenehsm.firmware.store.FlashStore.Batch();
      for (HsmObject member : family) {
        HsmObject c = member.withAttributes(KeyPurpose.commit(member.attributes(), usage));
        if (c.isToken()) {
          batch.put(Partition.objectKey(p.id, c.handle()), c.encode());
        }
        next.add(c);
      }
      if (!batch.isEmpty()) {
        hsm.commitEntries(batch); // one atomic write: no crash leaves a copy uncommitted
      }
      for (HsmObject c : next) {
        p.objects.put(c.handle(), c);
      }
      return next.get(0);
    } finally {
      p.lock.unlock();
    }
  }

  private void countUse(Partition p, HsmObject o) throws HsmException {
    long limit = o.usageLimit();
    if (limit <= 0) {
      o.usageCounter().count();
      return;
    }
    if (!o.usageCounter().countBelow(limit)) {
      throw new HsmException(
          Ckr.KEY_FUNCTION_NOT_PERMITTED,
          "key " + o.handle() + " reached its usage limit of " + limit);
    }
    if (o.isToken()) {
      p.lock.lock();
      try {
        HsmObject current = p.objects.get(o.handle());
        if (current != null) {
          hsm.commitObject(p, current);
        }
      } catch (HsmException e) {
        o.usageCounter().uncount();
        throw e;
      } finally {
        p.lock.unlock();
      }
    }
  }

  private static void requirePolicy(Partition p, int policy, String what) throws HsmException {
    if (!p.record.policies().isOn(policy)) {
      throw new HsmException(
          Ckr.KEY_NOT_WRAPPABLE,
          "partition policy " + policy + " (" + what + ") is 0 on partition " + p.id);
    }
  }

  private static void startOperation(Session s, String kind, Object op) throws HsmException {
    if (s.operations.putIfAbsent(kind, op) != null) {
      throw new HsmException(
          Ckr.OPERATION_ACTIVE,
          "a " + kind + " operation is already active" + " in session " + s.handle);
    }
  }

  private static <T> T operation(Session s, String kind, Class<T> type) throws HsmException {
    Object op = s.operations.get(kind);
    if (op == null) {
      throw new HsmException(
          Ckr.OPERATION_NOT_INITIALIZED,
          "no " + kind + " operation was initialized in session " + s.handle);
    }
    return type.cast(op);
  }

  @FunctionalInterface
  private interface Step<T> {
    T run() throws HsmException;
  }

  @FunctionalInterface
  private interface VoidStep {
    void run() throws HsmException;
  }

  /** A step of a multi-part operation; an error ends the operation. */
  private static void run(Session s, String kind, VoidStep step) throws HsmException {
    try {
      step.run();
    } catch (HsmException | RuntimeException e) {
      s.operations.remove(kind);
      throw asHsm(e);
    }
  }

  private static <T> T run(Session s, String kind, Step<T> step) throws HsmException {
    try {
      return step.run();
    } catch (HsmException | RuntimeException e) {
      s.operations.remove(kind);
      throw asHsm(e);
    }
  }

  /** The last step: the operation ends whatever happens. */
  private static <T> T finish(Session s, String kind, Step<T> step) throws HsmException {
    try {
      return step.run();
    } catch (RuntimeException e) {
      throw asHsm(e);
    } finally {
      s.operations.remove(kind);
    }
  }

  private static HsmException asHsm(Exception e) {
    return e instanceof HsmException h
        ? h
        : new HsmException(Ckr.GENERAL_ERROR, "internal error: " + e, e);
  }
}
