package io.selenehsm.firmware.object;

import static io.selenehsm.firmware.EngineFixtures.APP;
import static io.selenehsm.firmware.EngineFixtures.CO_PIN;
import static io.selenehsm.firmware.EngineFixtures.aesKey;
import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static io.selenehsm.firmware.EngineFixtures.coSession;
import static io.selenehsm.firmware.EngineFixtures.dataObject;
import static io.selenehsm.firmware.EngineFixtures.pin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.EngineFixtures;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PKCS#11 object model: defaults, read-only and one-way attributes, copies keeping their OUID,
 * token versus session objects, visibility of private objects, find by template and the partition's
 * storage accounting.
 */
class ObjectModelTest {
  private Hsm hsm;
  private long co;

  @BeforeEach
  void partitionWithCryptoOfficer() throws HsmException {
    hsm = EngineFixtures.readyHsm(EngineFixtures.memoryOptions());
    co = coSession(hsm, 1, APP);
  }

  @AfterEach
  void close() {
    hsm.close();
  }

  private static Attributes just(long type, boolean value) {
    return Attributes.builder().set(type, value).build();
  }

  private List<Long> find(long session, Attributes template) throws HsmException {
    return hsm.findObjects(session, template);
  }

  // ------------------------------------------------------------------ defaults

  @Test
  void dataObjectDefaultsToAPublicModifiableSessionObject() throws HsmException {
    long h = hsm.createObject(co, Attributes.builder().set(Cka.CLASS, Cko.DATA).build());
    Attributes a = hsm.getAttributes(co, h);
    assertFalse(a.bool(Cka.TOKEN, true));
    assertFalse(a.bool(Cka.PRIVATE, true));
    assertTrue(a.bool(Cka.MODIFIABLE, false));
    assertTrue(a.bool(Cka.COPYABLE, false));
    assertTrue(a.bool(Cka.DESTROYABLE, false));
    assertArrayEquals(new byte[0], a.get(Cka.LABEL));
    assertEquals(HsmObject.OUID_LENGTH, a.get(Cka.OUID).length);
  }

  @Test
  void secretKeyDefaultsToPrivateSensitiveAndNotExtractable() throws HsmException {
    long h = hsm.createObject(co, aesKey("k", true));
    Attributes a = hsm.getAttributes(co, h);
    assertTrue(a.bool(Cka.PRIVATE, false));
    assertTrue(a.bool(Cka.SENSITIVE, false));
    assertFalse(a.bool(Cka.EXTRACTABLE, true));
    assertFalse(a.bool(Cka.LOCAL, true), "an imported key is not local");
    assertFalse(a.bool(Cka.ALWAYS_SENSITIVE, true), "an imported key was once in clear");
    assertFalse(a.bool(Cka.NEVER_EXTRACTABLE, true));
    assertEquals(32, a.ulong(Cka.VALUE_LEN, -1));
    for (long usage :
        new long[] {Cka.ENCRYPT, Cka.DECRYPT, Cka.WRAP, Cka.UNWRAP, Cka.SIGN, Cka.VERIFY}) {
      assertTrue(a.bool(usage, false), ObjectRules.name(usage));
    }
    assertFalse(a.bool(Cka.DERIVE, true));
    assertFalse(a.has(Cka.VALUE), "the value of a sensitive key is left out");
    assertEquals(0, a.ulong(Cka.USAGE_COUNT, -1));
  }

  @Test
  void engineSetAttributesCannotBeSuppliedOrChanged() throws HsmException {
    for (long type :
        new long[] {
          Cka.LOCAL, Cka.ALWAYS_SENSITIVE, Cka.NEVER_EXTRACTABLE, Cka.OUID, Cka.USAGE_COUNT
        }) {
      Attributes t =
          aesKey("k", true).toBuilder()
              .set(
                  type,
                  type == Cka.OUID
                      ? new byte[12]
                      : type == Cka.USAGE_COUNT ? Attributes.encodeLong(0) : new byte[] {1})
              .build();
      assertFails(Ckr.ATTRIBUTE_READ_ONLY, () -> hsm.createObject(co, t), ObjectRules.name(type));
    }
    long h = hsm.createObject(co, aesKey("k", true));
    for (long type :
        new long[] {
          Cka.CLASS, Cka.KEY_TYPE, Cka.TOKEN, Cka.PRIVATE, Cka.VALUE, Cka.VALUE_LEN, Cka.MODIFIABLE
        }) {
      Attributes change =
          Attributes.builder()
              .set(
                  type,
                  type == Cka.VALUE
                      ? new byte[32]
                      : type == Cka.TOKEN || type == Cka.PRIVATE || type == Cka.MODIFIABLE
                          ? new byte[] {0}
                          : Attributes.encodeLong(3))
              .build();
      assertFails(
          Ckr.ATTRIBUTE_READ_ONLY,
          () -> hsm.setAttributes(co, h, change),
          ObjectRules.name(type),
          "object " + h);
    }
  }

  // ------------------------------------------------------------------ one-way attributes

  @Test
  void sensitiveOnlyTurnsOnAndExtractableOnlyTurnsOff() throws HsmException {
    long h =
        hsm.createObject(
            co,
            aesKey("clear", true).toBuilder()
                .set(Cka.SENSITIVE, false)
                .set(Cka.EXTRACTABLE, true)
                .build());
    assertArrayEquals(
        aesKey("clear", true).get(Cka.VALUE),
        hsm.getAttribute(co, h, Cka.VALUE),
        "a non-sensitive extractable key shows its value");

    hsm.setAttributes(co, h, just(Cka.SENSITIVE, true));
    assertFails(Ckr.ATTRIBUTE_SENSITIVE, () -> hsm.getAttribute(co, h, Cka.VALUE), "CKA_VALUE");
    assertFails(
        Ckr.ATTRIBUTE_READ_ONLY,
        () -> hsm.setAttributes(co, h, just(Cka.SENSITIVE, false)),
        "CKA_SENSITIVE",
        "true to false");

    hsm.setAttributes(co, h, just(Cka.EXTRACTABLE, false));
    assertFails(
        Ckr.ATTRIBUTE_READ_ONLY,
        () -> hsm.setAttributes(co, h, just(Cka.EXTRACTABLE, true)),
        "CKA_EXTRACTABLE",
        "false to true");
    Attributes a = hsm.getAttributes(co, h);
    assertFalse(a.bool(Cka.ALWAYS_SENSITIVE, true), "ALWAYS_SENSITIVE never turns on later");
    assertFalse(a.bool(Cka.NEVER_EXTRACTABLE, true), "NEVER_EXTRACTABLE never turns on later");
  }

  @Test
  void unmodifiableObjectRefusesEveryChangeAndCopiesStayUnmodifiable() throws HsmException {
    long h =
        hsm.createObject(
            co, dataObject("fixed", true).toBuilder().set(Cka.MODIFIABLE, false).build());
    assertFails(
        Ckr.ACTION_PROHIBITED,
        () -> hsm.setAttributes(co, h, Attributes.builder().set(Cka.LABEL, "other").build()),
        "not modifiable");
    assertFails(
        Ckr.ATTRIBUTE_VALUE_INVALID,
        () -> hsm.copyObject(co, h, just(Cka.MODIFIABLE, true)),
        "unmodifiable");
  }

  @Test
  void uncopyableObjectCannotBeCopied() throws HsmException {
    long h =
        hsm.createObject(
            co, dataObject("single", true).toBuilder().set(Cka.COPYABLE, false).build());
    assertFails(
        Ckr.ACTION_PROHIBITED, () -> hsm.copyObject(co, h, Attributes.empty()), "not copyable");
    assertFails(
        Ckr.ATTRIBUTE_READ_ONLY,
        () -> hsm.setAttributes(co, h, just(Cka.COPYABLE, true)),
        "CKA_COPYABLE");
  }

  // ------------------------------------------------------------------ copies

  @Test
  void copyKeepsTheOuidAndMayChangeTokenAndLabel() throws HsmException {
    long original = hsm.createObject(co, aesKey("orig", false));
    long copy =
        hsm.copyObject(
            co, original, Attributes.builder().set(Cka.TOKEN, true).set(Cka.LABEL, "copy").build());
    assertNotEquals(original, copy);
    Attributes a = hsm.getAttributes(co, original);
    Attributes b = hsm.getAttributes(co, copy);
    assertArrayEquals(a.get(Cka.OUID), b.get(Cka.OUID), "a copy keeps the OUID");
    assertEquals("copy", b.string(Cka.LABEL));
    assertTrue(b.bool(Cka.TOKEN, false));
    assertEquals(1, hsm.partitionInfo(1).objectCount());
    assertFails(
        Ckr.ATTRIBUTE_READ_ONLY,
        () -> hsm.copyObject(co, original, just(Cka.SENSITIVE, false)),
        "CKA_SENSITIVE");

    long other = hsm.createObject(co, aesKey("other", false));
    assertFalse(
        HexFormat.of()
            .formatHex(hsm.getAttribute(co, other, Cka.OUID))
            .equals(HexFormat.of().formatHex(a.get(Cka.OUID))),
        "distinct objects, distinct OUIDs");
  }

  // ------------------------------------------------------------------ token and session

  @Test
  void sessionObjectsVanishWithTheirSessionAndAreNotCounted() throws HsmException {
    long other = hsm.openSession(1, APP, true); // same application: same login
    long temp = hsm.createObject(other, dataObject("temp", false));
    long kept = hsm.createObject(co, dataObject("kept", true));
    assertEquals(
        List.of(temp, kept).stream().sorted().toList(),
        find(co, Attributes.empty()),
        "the application's other session sees the session object");
    assertEquals(1, hsm.partitionInfo(1).objectCount(), "session objects are not counted");

    long stranger = hsm.openSession(1, APP + 1, true);
    assertEquals(
        List.of(kept),
        find(stranger, Attributes.empty()),
        "another application never sees a session object");

    hsm.closeSession(other);
    assertEquals(List.of(kept), find(co, Attributes.empty()));
    assertFails(Ckr.OBJECT_HANDLE_INVALID, () -> hsm.getAttributes(co, temp), "handle " + temp);
  }

  @Test
  void privateObjectsAreInvisibleWithoutACryptoLogin() throws HsmException {
    long key = hsm.createObject(co, aesKey("secret", true));
    long data = hsm.createObject(co, dataObject("public", true));
    long anonymous = hsm.openSession(1, APP + 1, false);
    assertEquals(List.of(data), find(anonymous, Attributes.empty()));
    assertFails(Ckr.OBJECT_HANDLE_INVALID, () -> hsm.getAttributes(anonymous, key));
    assertFails(Ckr.OBJECT_HANDLE_INVALID, () -> hsm.getAttribute(anonymous, key, Cka.LABEL));

    hsm.logout(co);
    assertEquals(List.of(data), find(co, Attributes.empty()), "logout hides private objects");
    hsm.login(co, Role.CRYPTO_OFFICER, pin(CO_PIN));
    assertEquals(List.of(key, data), find(co, Attributes.empty()));
  }

  @Test
  void partitionSoSeesNoPrivateObjects() throws HsmException {
    hsm.createObject(co, aesKey("secret", true));
    long po = hsm.openSession(1, APP + 2, true);
    hsm.login(po, Role.PARTITION_SO, pin(EngineFixtures.PO_PIN));
    assertEquals(List.of(), find(po, Attributes.empty()));
  }

  // ------------------------------------------------------------------ find

  @Test
  void findMatchesEveryAttributeOfTheTemplate() throws HsmException {
    long k1 = hsm.createObject(co, aesKey("alpha", true));
    long k2 = hsm.createObject(co, aesKey("beta", false));
    long d1 = hsm.createObject(co, dataObject("alpha", true));
    assertEquals(List.of(k1, d1), find(co, Attributes.builder().set(Cka.LABEL, "alpha").build()));
    assertEquals(
        List.of(k1, k2), find(co, Attributes.builder().set(Cka.CLASS, Cko.SECRET_KEY).build()));
    assertEquals(
        List.of(k1),
        find(co, Attributes.builder().set(Cka.CLASS, Cko.SECRET_KEY).set(Cka.TOKEN, true).build()));
    assertEquals(List.of(), find(co, Attributes.builder().set(Cka.LABEL, "gamma").build()));
    assertFails(
        Ckr.ATTRIBUTE_TYPE_INVALID,
        () -> find(co, Attributes.builder().set(0x7777L, true).build()));
  }

  @Test
  void findCannotProbeTheValueOfASensitiveKey() throws HsmException {
    hsm.createObject(co, aesKey("probe", true));
    Attributes guess =
        Attributes.builder().set(Cka.VALUE, aesKey("probe", true).get(Cka.VALUE)).build();
    assertEquals(List.of(), find(co, guess), "a sensitive value never matches");
  }

  // ------------------------------------------------------------------ storage

  @Test
  void storageAccountingFollowsTokenObjects() throws HsmException {
    PartitionInfo empty = hsm.partitionInfo(1);
    assertEquals(empty.overheadBytes(), empty.usedBytes());
    assertEquals(empty.totalBytes(), empty.usedBytes() + empty.freeBytes());

    Attributes t = dataObject("sized", true);
    long h = hsm.createObject(co, t);
    PartitionInfo one = hsm.partitionInfo(1);
    long size = one.usedBytes() - empty.usedBytes();
    assertTrue(size >= t.get(Cka.VALUE).length, "the object's bytes are counted: " + size);
    assertEquals(one.totalBytes(), one.usedBytes() + one.freeBytes());
    assertEquals(1, one.objectCount());

    hsm.setAttributes(co, h, Attributes.builder().set(Cka.LABEL, "a much longer label").build());
    assertEquals(
        one.usedBytes() + "a much longer label".length() - "sized".length(),
        hsm.partitionInfo(1).usedBytes(),
        "a change is accounted by its size difference");

    hsm.createObject(co, dataObject("session", false));
    hsm.destroyObject(co, h);
    assertEquals(empty, hsm.partitionInfo(1), "destroying the token object frees its bytes");
  }

  @Test
  void tokenObjectsKeepAttributesAndOuidAcrossRestart(@TempDir Path dir) throws HsmException {
    byte[] ouid;
    Attributes before;
    try (Hsm durable = EngineFixtures.readyHsm(EngineFixtures.durableOptions(dir))) {
      long s = coSession(durable, 1, APP);
      long h = durable.createObject(s, dataObject("durable", true));
      durable.createObject(s, dataObject("gone-with-the-session", false));
      before = durable.getAttributes(s, h);
      ouid = before.get(Cka.OUID);
      durable.restart();
      long s2 = coSession(durable, 1, APP);
      assertEquals(List.of(h), durable.findObjects(s2, Attributes.empty()));
      assertEquals(before, durable.getAttributes(s2, h));
    }
    try (Hsm reopened = Hsm.open(EngineFixtures.durableOptions(dir))) {
      long s = coSession(reopened, 1, APP);
      long h = reopened.findObjects(s, Attributes.empty()).get(0);
      assertArrayEquals(ouid, reopened.getAttribute(s, h, Cka.OUID));
      assertEquals(before, reopened.getAttributes(s, h));
    }
  }
}
