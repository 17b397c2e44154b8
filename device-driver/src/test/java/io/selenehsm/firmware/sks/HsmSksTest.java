package io.selenehsm.firmware.sks;

import static io.selenehsm.firmware.sks.SksFixture.CO_PW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmModel;
import io.selenehsm.firmware.HsmOptions;
import io.selenehsm.firmware.HsmSks;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SKS in the engine: SMK life cycle, extract, insert, multi-sign and every refusal. */
class HsmSksTest {
  private SksFixture f;
  private Hsm hsm;
  private HsmSks sks;
  private long s;

  @BeforeEach
  void setUp() throws HsmException {
    f = new SksFixture("5001", 1, "domain");
    hsm = f.hsm;
    sks = hsm.sks();
    s = f.s;
  }

  private static void assertCode(long code, HsmException e) {
    assertEquals(code, e.returnCode(), e.getMessage());
  }

  private List<Long> byOuid(byte[] ouid) throws HsmException {
    return hsm.findObjects(s, Attributes.builder().set(Cka.OUID, ouid).build());
  }

  /** What an inserted copy must show: the original's readable attributes as a session object. */
  private Attributes expectedAfterInsert(long handle) throws HsmException {
    return hsm.getAttributes(s, handle).toBuilder().set(Cka.TOKEN, false).build();
  }

  @Test
  void firstCryptoOfficerLoginCreatesTheSmkAndItSurvivesLogouts() throws HsmException {
    SmkInfo info = sks.smkInfo(s);
    assertTrue(info.usable());
    assertNotNull(info.primary());
    assertEquals(32, info.primary().length());
    hsm.logout(s);
    hsm.login(s, Role.CRYPTO_OFFICER, CO_PW);
    assertEquals(info.primary(), sks.smkInfo(s).primary());
    SksFixture other = new SksFixture("5002", 1, "domain");
    assertNotEquals(
        info.primary(),
        other.hsm.sks().smkInfo(other.s).primary(),
        "each partition has its own SMK");
  }

  @Test
  void everyKeyTypeRoundTripsWithAttributesAndOuid() throws Exception {
    long aes = f.aes(true);
    long[] rsa = f.rsa();
    long[] ec = f.ec();
    long[] ed = f.ed25519();
    List<Long> handles = List.of(aes, rsa[0], rsa[1], ec[0], ec[1], ed[0], ed[1]);
    byte[] plain = "secret data".getBytes(StandardCharsets.UTF_8);
    byte[] iv = new byte[12];
    Mechanism gcm = Mechanism.of(Ckm.AES_GCM, new GcmParams(iv, new byte[0], 128));
    byte[] ct = hsm.crypto().encrypt(s, gcm, aes, plain).ciphertext();
    List<Attributes> before = new ArrayList<>();
    for (long h : handles) {
      before.add(expectedAfterInsert(h));
    }

    byte[] blob = sks.extract(s, new SksExtractRequest(handles, SksAuthorization.none(), true));
    for (long h : handles) {
      assertThrows(HsmException.class, () -> hsm.getAttributes(s, h), "deleted after extract");
    }
    SksBlobHeader header = SksBlobHeader.parse(blob);
    assertEquals(7, header.objectCount());
    assertEquals(hsm.partitionSerial(1), header.partitionSerial());
    assertEquals(sks.smkInfo(s).primary(), header.smkFingerprintHex());

    long[] inserted = sks.insert(s, blob, SksAuthorization.none());
    assertEquals(7, inserted.length);
    for (int i = 0; i < inserted.length; i++) {
      Attributes after = hsm.getAttributes(s, inserted[i]);
      assertEquals(before.get(i), after, "attributes of object " + i);
      assertEquals(1, byOuid(before.get(i).get(Cka.OUID)).size());
    }
    assertArrayEquals(plain, hsm.crypto().decrypt(s, gcm, inserted[0], ct));
    byte[] data = "to sign".getBytes(StandardCharsets.UTF_8);
    verify(
        "SHA256withRSA",
        f.jdkPublic(inserted[1], "RSA"),
        data,
        hsm.crypto().sign(s, Mechanism.of(Ckm.SHA256_RSA_PKCS), inserted[2], data));
    verify(
        "SHA256withECDSAinP1363Format",
        f.jdkPublic(inserted[3], "EC"),
        data,
        hsm.crypto().sign(s, Mechanism.of(Ckm.ECDSA_SHA256), inserted[4], data));
    verify(
        "Ed25519",
        f.jdkPublic(inserted[5], "Ed25519"),
        data,
        hsm.crypto().sign(s, Mechanism.of(Ckm.EDDSA), inserted[6], data));
  }

  private static void verify(String alg, java.security.PublicKey key, byte[] data, byte[] sig)
      throws Exception {
    Signature v = Signature.getInstance(alg);
    v.initVerify(key);
    v.update(data);
    assertTrue(v.verify(sig), alg);
  }

  @Test
  void keysAreExtractedWhateverTheirExtractableFlagAndMaterialIsNotInClear() throws Exception {
    long aes = f.aes(false);
    assertEquals(0, hsm.getAttribute(s, aes, Cka.EXTRACTABLE)[0], "not extractable");
    long[] rsa = f.rsa();
    byte[] blob = sks.extract(s, SksExtractRequest.of(aes, rsa[1]));
    byte[] modulus = hsm.getAttribute(s, rsa[0], Cka.MODULUS);
    assertTrue(indexOf(blob, modulus) >= 0, "public values travel in clear");
    assertTrue(indexOf(blob, "rsa".getBytes(StandardCharsets.UTF_8)) >= 0, "labels too");
    assertTrue(
        indexOf(blob, new byte[] {0x02, 0x01, 0x00, 0x30}) < 0,
        "no PKCS#8 PrivateKeyInfo (version 0, then the algorithm) in clear");
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void insertingAnObjectAlreadyPresentNamesItsOuid() throws HsmException {
    long aes = f.aes(true);
    String ouid = HexFormat.of().formatHex(hsm.getAttribute(s, aes, Cka.OUID));
    byte[] blob = sks.extract(s, SksExtractRequest.of(aes));
    HsmException e =
        assertThrows(HsmException.class, () -> sks.insert(s, blob, SksAuthorization.none()));
    assertCode(Ckr.OBJECT_ALREADY_EXISTS, e);
    assertTrue(e.getMessage().contains(ouid), e.getMessage());
    hsm.destroyObject(s, aes);
    long[] first = sks.insert(s, blob, SksAuthorization.none());
    assertCode(
        Ckr.OBJECT_ALREADY_EXISTS,
        assertThrows(HsmException.class, () -> sks.insert(s, blob, SksAuthorization.none())));
    assertEquals(List.of(first[0]), byOuid(HexFormat.of().parseHex(ouid)));
  }

  /**
   * The already-present check sees exactly what C_FindObjects on the OUID sees: another
   * application's session object is invisible, so that application inserts its own copy; a second
   * session of the owning application sees the object and is refused.
   */
  @Test
  void theAlreadyPresentCheckSeesWhatFindObjectsSees() throws HsmException {
    long aes = f.aes(false);
    byte[] ouid = hsm.getAttribute(s, aes, Cka.OUID);
    byte[] blob = sks.extract(s, SksExtractRequest.of(aes));
    Attributes byThisOuid = Attributes.builder().set(Cka.OUID, ouid).build();
    long other = hsm.openSession(1, 3, true);
    hsm.login(other, Role.CRYPTO_OFFICER, SksFixture.CO_PW);
    assertEquals(List.of(), hsm.findObjects(other, byThisOuid));
    long[] copy = sks.insert(other, blob, SksAuthorization.none());
    assertEquals(1, copy.length, "another application inserts its own copy");
    assertEquals(List.of(copy[0]), hsm.findObjects(other, byThisOuid));
    long same = hsm.openSession(1, 2, true);
    assertEquals(List.of(aes), hsm.findObjects(same, byThisOuid));
    HsmException e =
        assertThrows(HsmException.class, () -> sks.insert(same, blob, SksAuthorization.none()));
    assertCode(Ckr.OBJECT_ALREADY_EXISTS, e);
    assertTrue(e.getMessage().contains("as handle " + aes), e.getMessage());
  }

  @Test
  void aBlobFromAnotherSmkIsRefusedWithItsOwnCode() throws HsmException {
    SksFixture other = new SksFixture("5003", 1, "domain");
    byte[] blob = other.hsm.sks().extract(other.s, SksExtractRequest.of(other.aes(false)));
    HsmException e =
        assertThrows(HsmException.class, () -> sks.insert(s, blob, SksAuthorization.none()));
    assertCode(Ckr.UNWRAPPING_KEY_HANDLE_INVALID, e);
    assertTrue(e.getMessage().contains(SksBlobHeader.parse(blob).smkFingerprintHex()));
  }

  @Test
  void passwordAuthorization() throws HsmException {
    long aes = f.aes(false);
    byte[] blob =
        sks.extract(
            s,
            SksExtractRequest.of(aes)
                .deletingAfterExtract()
                .withAuthorization(SksAuthorization.password("blob-pass".toCharArray())));
    assertEquals(SksAuthorization.Form.PASSWORD, SksBlobHeader.parse(blob).form());
    assertCode(
        Ckr.SIM_AUTHORIZATION_FAILED,
        assertThrows(HsmException.class, () -> sks.insert(s, blob, SksAuthorization.none())));
    assertCode(
        Ckr.SIM_AUTHORIZATION_FAILED,
        assertThrows(
            HsmException.class,
            () -> sks.insert(s, blob, SksAuthorization.offering("wrong".toCharArray()))));
    assertEquals(
        1, sks.insert(s, blob, SksAuthorization.offering("blob-pass".toCharArray())).length);
  }

  @Test
  void mOfNAuthorization() throws HsmException {
    long aes = f.aes(false);
    List<char[]> pws =
        List.of("alpha-1".toCharArray(), "bravo-2".toCharArray(), "charlie-3".toCharArray());
    byte[] blob =
        sks.extract(
            s,
            SksExtractRequest.of(aes)
                .deletingAfterExtract()
                .withAuthorization(SksAuthorization.mOfN(2, pws)));
    SksBlobHeader h = SksBlobHeader.parse(blob);
    assertEquals(2, h.threshold());
    assertEquals(3, h.verifierCount());
    HsmException one =
        assertThrows(
            HsmException.class,
            () -> sks.insert(s, blob, SksAuthorization.offering("bravo-2".toCharArray())));
    assertCode(Ckr.SIM_AUTHORIZATION_FAILED, one);
    assertTrue(one.getMessage().contains("needs 2"), one.getMessage());
    assertCode(
        Ckr.SIM_AUTHORIZATION_FAILED,
        assertThrows(
            HsmException.class,
            () ->
                sks.insert(
                    s,
                    blob,
                    SksAuthorization.offering("bravo-2".toCharArray(), "bravo-2".toCharArray()))));
    assertEquals(
        1,
        sks.insert(
                s,
                blob,
                SksAuthorization.offering(
                    "charlie-3".toCharArray(), "nope".toCharArray(), "alpha-1".toCharArray()))
            .length);
  }

  @Test
  void invalidAuthorizationRequestsAreRefusedAtExtract() throws HsmException {
    long aes = f.aes(false);
    assertCode(
        Ckr.SIM_AUTHFORM_INVALID,
        assertThrows(
            HsmException.class,
            () ->
                sks.extract(
                    s,
                    SksExtractRequest.of(aes)
                        .withAuthorization(
                            SksAuthorization.mOfN(
                                3, List.of("a1".toCharArray(), "b2".toCharArray()))))));
    assertCode(
        Ckr.SIM_AUTHFORM_INVALID,
        assertThrows(
            HsmException.class,
            () ->
                sks.extract(
                    s,
                    SksExtractRequest.of(aes)
                        .withAuthorization(SksAuthorization.password(new char[0])))));
    assertEquals(1, hsm.findObjects(s, Attributes.empty()).size(), "nothing deleted");
  }

  @Test
  void v0PartitionsKeepAnSmkButRefuseSks() throws HsmException {
    SksFixture v0 = new SksFixture("5004", 0, "domain");
    SmkInfo info = v0.hsm.sks().smkInfo(v0.s);
    assertFalse(info.usable());
    assertNotNull(info.primary(), "the SMK exists in V0, unseen");
    long aes = v0.aes(false);
    HsmException e =
        assertThrows(
            HsmException.class, () -> v0.hsm.sks().extract(v0.s, SksExtractRequest.of(aes)));
    assertCode(Ckr.OPERATION_NOT_ALLOWED, e);
    assertTrue(e.getMessage().contains("V1"), e.getMessage());
    assertCode(
        Ckr.OPERATION_NOT_ALLOWED,
        assertThrows(
            HsmException.class,
            () -> v0.hsm.sks().insert(v0.s, new byte[10], SksAuthorization.none())));
    assertCode(
        Ckr.OPERATION_NOT_ALLOWED,
        assertThrows(HsmException.class, () -> v0.hsm.sks().rolloverSmk(v0.s)));
  }

  @Test
  void rolloverKeepsOldBlobsInsertableAndReExtractMigratesThem() throws HsmException {
    long aes = f.aes(false);
    String first = sks.smkInfo(s).primary();
    byte[] old = sks.extract(s, SksExtractRequest.of(aes).deletingAfterExtract());
    sks.rolloverSmk(s);
    SmkInfo after = sks.smkInfo(s);
    assertNotEquals(first, after.primary());
    assertEquals(first, after.rollover());

    long[] h = sks.insert(s, old, SksAuthorization.none());
    byte[] migrated = sks.extract(s, SksExtractRequest.of(h[0]).deletingAfterExtract());
    assertEquals(after.primary(), SksBlobHeader.parse(migrated).smkFingerprintHex());

    sks.rolloverSmk(s);
    assertCode(
        Ckr.UNWRAPPING_KEY_HANDLE_INVALID,
        assertThrows(HsmException.class, () -> sks.insert(s, old, SksAuthorization.none())));
    assertEquals(1, sks.insert(s, migrated, SksAuthorization.none()).length);
  }

  @Test
  void onlyTheCryptoOfficerRollsTheSmkOver() throws HsmException {
    hsm.initRole(s, Role.CRYPTO_USER, "userpass1".toCharArray());
    long cu = hsm.openSession(1, 9, true);
    hsm.login(cu, Role.CRYPTO_USER, "userpass1".toCharArray());
    hsm.changePin(cu, "userpass1".toCharArray(), "userpass2".toCharArray());
    assertCode(
        Ckr.USER_NOT_AUTHORIZED, assertThrows(HsmException.class, () -> sks.rolloverSmk(cu)));
    long aes = f.aes(false);
    byte[] blob = sks.extract(s, SksExtractRequest.of(aes));
    assertEquals(
        1,
        sks.insert(cu, blob, SksAuthorization.none()).length,
        "the Crypto User inserts into its own session");
  }

  @Test
  void aClonedSmkServesInsertsAsLegacyOrPrimary() throws HsmException {
    SksFixture b = new SksFixture("5005", 1, "domain");
    byte[] fromB = b.hsm.sks().extract(b.s, SksExtractRequest.of(b.aes(false)));
    b.hsm.sks().cloneSmk(b.s, hsm, s, false);
    assertEquals(List.of(b.hsm.sks().smkInfo(b.s).primary()), sks.smkInfo(s).legacy());
    assertEquals(1, sks.insert(s, fromB, SksAuthorization.none()).length);
    assertCode(
        Ckr.OBJECT_ALREADY_EXISTS,
        assertThrows(HsmException.class, () -> sks.insert(s, fromB, SksAuthorization.none())));

    SksFixture c = new SksFixture("5006", 1, "domain");
    String cOld = c.hsm.sks().smkInfo(c.s).primary();
    b.hsm.sks().cloneSmk(b.s, c.hsm, c.s, true);
    assertEquals(b.hsm.sks().smkInfo(b.s).primary(), c.hsm.sks().smkInfo(c.s).primary());
    assertEquals(cOld, c.hsm.sks().smkInfo(c.s).rollover());
    byte[] fromC = c.hsm.sks().extract(c.s, SksExtractRequest.of(c.aes(false)));
    assertEquals(
        1,
        b.hsm.sks().insert(b.s, fromC, SksAuthorization.none()).length,
        "an HA peer sharing the primary inserts the other's blobs");

    SksFixture other = new SksFixture("5007", 1, "otherdomain");
    HsmException e =
        assertThrows(
            HsmException.class, () -> b.hsm.sks().cloneSmk(b.s, other.hsm, other.s, false));
    assertCode(Ckr.OPERATION_NOT_ALLOWED, e);
    assertTrue(e.getMessage().contains("domain"), e.getMessage());
  }

  @Test
  void partitionReInitDestroysTheSmk() throws HsmException {
    byte[] blob = sks.extract(s, SksExtractRequest.of(f.aes(false)));
    String before = sks.smkInfo(s).primary();
    f.initPartition("domain");
    assertNotEquals(before, sks.smkInfo(s).primary());
    assertCode(
        Ckr.UNWRAPPING_KEY_HANDLE_INVALID,
        assertThrows(HsmException.class, () -> sks.insert(s, blob, SksAuthorization.none())));
  }

  @Test
  void theSmkIsDurableAcrossRestarts(@TempDir Path dir) throws Exception {
    Hsm durable = Hsm.open(HsmOptions.inMemory("5008", HsmModel.USB_HSM_7).withStateDirectory(dir));
    SksFixture d = new SksFixture(durable, 1, "domain");
    byte[] blob = durable.sks().extract(d.s, SksExtractRequest.of(d.aes(false)));
    String smk = durable.sks().smkInfo(d.s).primary();
    durable.restart();
    long s2 = durable.openSession(1, 3, true);
    durable.login(s2, Role.CRYPTO_OFFICER, CO_PW);
    assertEquals(smk, durable.sks().smkInfo(s2).primary());
    assertEquals(1, durable.sks().insert(s2, blob, SksAuthorization.none()).length);
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.findAny().isPresent());
    }
    durable.close();
  }

  @Test
  void blobsAreLimitedTo64KiB() throws HsmException {
    List<Long> handles = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      handles.add(
          hsm.createObject(
              s,
              Attributes.builder()
                  .set(Cka.CLASS, Cko.DATA)
                  .set(Cka.VALUE, new byte[8000])
                  .set(Cka.PRIVATE, true)
                  .build()));
    }
    SksExtractRequest tooMuch = new SksExtractRequest(handles, null, true);
    HsmException e = assertThrows(HsmException.class, () -> sks.extractSize(s, tooMuch));
    assertCode(Ckr.DATA_LEN_RANGE, e);
    assertTrue(e.getMessage().contains("65536"), e.getMessage());
    assertCode(Ckr.DATA_LEN_RANGE, assertThrows(HsmException.class, () -> sks.extract(s, tooMuch)));
    assertEquals(9, hsm.findObjects(s, Attributes.empty()).size(), "nothing deleted");
    assertCode(
        Ckr.DATA_LEN_RANGE,
        assertThrows(
            HsmException.class,
            () ->
                sks.insert(
                    s, new byte[SksBlobFormat.MAX_BLOB_BYTES + 1], SksAuthorization.none())));
    byte[] seven = sks.extract(s, new SksExtractRequest(handles.subList(0, 7), null, false));
    assertTrue(seven.length <= SksBlobFormat.MAX_BLOB_BYTES);
  }

  @Test
  void twoCallSizing() throws HsmException {
    long[] rsa = f.rsa();
    SksExtractRequest r = SksExtractRequest.of(rsa[1]).deletingAfterExtract();
    int size = sks.extract(s, r, null);
    assertEquals(size, sks.extractSize(s, r));
    assertNotNull(hsm.getAttributes(s, rsa[1]), "sizing deletes nothing");
    HsmException small = assertThrows(HsmException.class, () -> sks.extract(s, r, new byte[10]));
    assertCode(Ckr.BUFFER_TOO_SMALL, small);
    assertNotNull(hsm.getAttributes(s, rsa[1]));
    byte[] out = new byte[size + 5];
    assertEquals(size, sks.extract(s, r, out));
    assertThrows(HsmException.class, () -> hsm.getAttributes(s, rsa[1]));
    byte[] blob = java.util.Arrays.copyOf(out, size);
    assertEquals(1, sks.insert(s, blob, SksAuthorization.none()).length);
  }

  @Test
  void multiSignVerifiesWithTheJdkAndLeavesNothingInserted() throws Exception {
    long[] rsa = f.rsa();
    java.security.PublicKey pub = f.jdkPublic(rsa[0], "RSA");
    byte[] ouid = hsm.getAttribute(s, rsa[1], Cka.OUID);
    byte[] blob =
        sks.extract(
            s,
            SksExtractRequest.of(rsa[1])
                .deletingAfterExtract()
                .withAuthorization(SksAuthorization.password("pw-123".toCharArray())));
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      inputs.add(("message " + i).getBytes(StandardCharsets.UTF_8));
    }
    int before = hsm.findObjects(s, Attributes.empty()).size();
    List<byte[]> sigs =
        sks.signFromBlob(
            s,
            blob,
            SksAuthorization.offering("pw-123".toCharArray()),
            Mechanism.of(Ckm.SHA256_RSA_PKCS),
            inputs);
    assertEquals(5, sigs.size());
    for (int i = 0; i < 5; i++) {
      verify("SHA256withRSA", pub, inputs.get(i), sigs.get(i));
    }
    assertEquals(before, hsm.findObjects(s, Attributes.empty()).size());
    assertTrue(byOuid(ouid).isEmpty());
    assertCode(
        Ckr.SIM_AUTHORIZATION_FAILED,
        assertThrows(
            HsmException.class,
            () ->
                sks.signFromBlob(
                    s, blob, SksAuthorization.none(), Mechanism.of(Ckm.SHA256_RSA_PKCS), inputs)));
    byte[] publicOnly = sks.extract(s, SksExtractRequest.of(rsa[0]));
    assertCode(
        Ckr.KEY_FUNCTION_NOT_PERMITTED,
        assertThrows(
            HsmException.class,
            () ->
                sks.signFromBlob(s, publicOnly, null, Mechanism.of(Ckm.SHA256_RSA_PKCS), inputs)));
  }

  @Test
  void perKeyAuthorizationDataTravelsWithTheBlob() throws HsmException {
    assertEquals(1, hsm.partitionPolicies(1).get(40), "V1 partitions default policy 40 on");
    byte[] authData = "per-key-auth".getBytes(StandardCharsets.UTF_8);
    long key =
        hsm.crypto()
            .generateKey(
                s,
                Mechanism.of(Ckm.AES_KEY_GEN),
                Attributes.builder()
                    .set(Cka.KEY_TYPE, io.selenehsm.firmware.object.Ckk.AES)
                    .set(Cka.VALUE_LEN, 16L)
                    .build());
    hsm.keyAuthorization().resetAuthorizationData(s, key, "per-key-auth".toCharArray());
    byte[] blob = sks.extract(s, SksExtractRequest.of(key).deletingAfterExtract());
    assertTrue(indexOf(blob, authData) < 0, "authorization data is sealed, not in clear");
    long inserted = sks.insert(s, blob, SksAuthorization.none())[0];
    // Present on the inserted key, and like every per-key secret never readable.
    assertCode(
        Ckr.ATTRIBUTE_SENSITIVE,
        assertThrows(HsmException.class, () -> hsm.getAttribute(s, inserted, Cka.AUTH_DATA)));
    // The inserted key answers to the same authorization data: changing it needs the old one.
    hsm.keyAuthorization()
        .setAuthorizationData(
            s, inserted, "per-key-auth".toCharArray(), "new-key-auth".toCharArray());
    long plain = f.aes(false);
    assertCode(
        Ckr.ATTRIBUTE_TYPE_INVALID,
        assertThrows(HsmException.class, () -> hsm.getAttribute(s, plain, Cka.AUTH_DATA)));
  }

  @Test
  void sksNeedsACryptoLogin() throws HsmException {
    byte[] blob = sks.extract(s, SksExtractRequest.of(f.aes(false)));
    long anon = hsm.openSession(1, 7, true);
    assertCode(
        Ckr.USER_NOT_LOGGED_IN,
        assertThrows(HsmException.class, () -> sks.insert(anon, blob, SksAuthorization.none())));
    assertCode(
        Ckr.ARGUMENTS_BAD,
        assertThrows(
            HsmException.class,
            () -> sks.extract(s, new SksExtractRequest(List.of(), null, false))));
  }
}
