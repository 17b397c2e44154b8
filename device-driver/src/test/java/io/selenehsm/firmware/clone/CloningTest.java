package io.selenehsm.firmware.clone;

import static io.selenehsm.firmware.clone.Devices.partition;
import static io.selenehsm.firmware.clone.Devices.taggedAs;
import static io.selenehsm.firmware.clone.Devices.to;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmCrypto;
import io.selenehsm.firmware.HsmModel;
import io.selenehsm.firmware.HsmOptions;
import io.selenehsm.firmware.SmkVault;
import io.selenehsm.firmware.clone.Devices.Part;
import io.selenehsm.firmware.clone.Devices.Setup;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.sks.SmkInfo;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The cloning protocol between partitions of one or two devices, and the rules around it. */
class CloningTest {
  private static final byte[] DATA = "clone me".getBytes(StandardCharsets.UTF_8);

  private static void refused(long code, String fragment, Executable e) {
    HsmException x = assertThrows(HsmException.class, e);
    assertEquals(code, x.returnCode(), x.getMessage());
    assertTrue(x.getMessage().contains(fragment), x.getMessage());
  }

  @Test
  void aSecretKeyClonesAcrossDevicesWithEveryAttributeAndItsOuid() throws Exception {
    Part src = partition("100", 0, "blue");
    Part dst = partition("200", 0, "blue");
    long key = src.aesKey(true);
    long copy =
        dst.hsm()
            .cloning()
            .cloneObjectIn(
                dst.session(),
                src.hsm().cloning().cloneObjectOut(src.session(), key, to(dst), false),
                false);
    Attributes a = src.hsm().getAttributes(src.session(), key);
    Attributes b = dst.hsm().getAttributes(dst.session(), copy);
    assertEquals(a, b, "readable attributes, OUID included, are identical");
    assertEquals(12, b.get(Cka.OUID).length);
    GcmParams enc = new GcmParams(new byte[0], new byte[0], 128);
    HsmCrypto.Encrypted ct =
        src.hsm().crypto().encrypt(src.session(), Mechanism.of(Ckm.AES_GCM, enc), key, DATA);
    byte[] back =
        dst.hsm()
            .crypto()
            .decrypt(
                dst.session(),
                Mechanism.of(Ckm.AES_GCM, new GcmParams(ct.generatedIv(), new byte[0], 128)),
                copy,
                ct.ciphertext());
    assertArrayEquals(DATA, back, "the clone holds the same key material");
  }

  @Test
  void aPrivateKeyClonesAndSignsForTheSourcePublicKey() throws Exception {
    Part src = partition("100", 0, "blue");
    Part dst = partition("200", 0, "blue");
    long[] pair = src.ecPair();
    long priv =
        dst.hsm()
            .cloning()
            .cloneObjectIn(
                dst.session(),
                src.hsm().cloning().cloneObjectOut(src.session(), pair[1], to(dst), true),
                true);
    assertEquals(
        src.hsm().getAttributes(src.session(), pair[1]),
        dst.hsm().getAttributes(dst.session(), priv));
    byte[] sig = dst.hsm().crypto().sign(dst.session(), Mechanism.of(Ckm.ECDSA_SHA256), priv, DATA);
    src.hsm().crypto().verify(src.session(), Mechanism.of(Ckm.ECDSA_SHA256), pair[0], DATA, sig);
  }

  @Test
  void aSessionObjectArrivesAsASessionObjectOfTheTargetSession() throws Exception {
    Part src = partition("100", 0, "blue");
    Part dst = partition("200", 0, "blue");
    long key = src.aesKey(false);
    long copy =
        dst.hsm()
            .cloning()
            .cloneObjectIn(
                dst.session(),
                src.hsm().cloning().cloneObjectOut(src.session(), key, to(dst), false),
                false);
    assertArrayEquals(
        Attributes.encodeBool(false), dst.hsm().getAttribute(dst.session(), copy, Cka.TOKEN));
    dst.hsm().closeSession(dst.session());
    assertEquals(0, dst.hsm().partitionInfo(1).objectCount());
  }

  @Test
  void anotherDomainCannotReadThePayload() throws Exception {
    Part src = partition("100", 0, "blue");
    Part dst = partition("200", 0, "green");
    byte[] payload =
        src.hsm()
            .cloning()
            .cloneObjectOut(src.session(), src.aesKey(true), taggedAs(dst, "blue"), false);
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "another cloning domain",
        () -> dst.hsm().cloning().cloneObjectIn(dst.session(), payload, false));
    assertFalse(
        java.util.Arrays.equals(
            src.hsm().cloning().domainFingerprint(1), dst.hsm().cloning().domainFingerprint(1)));
    assertEquals(0, dst.hsm().findObjects(dst.session(), Attributes.empty()).size());
  }

  @Test
  void anAlteredPayloadFailsItsIntegrityCheck() throws Exception {
    Part src = partition("100", 0, "blue");
    Part dst = partition("200", 0, "blue");
    byte[] payload =
        src.hsm().cloning().cloneObjectOut(src.session(), src.aesKey(true), to(dst), false);
    payload[payload.length - 20] ^= 1;
    refused(
        Ckr.ENCRYPTED_DATA_INVALID,
        "integrity",
        () -> dst.hsm().cloning().cloneObjectIn(dst.session(), payload, false));
    byte[] header = payload.clone();
    header[20] ^= 1; // inside the OUID, which the tag covers
    refused(
        Ckr.ENCRYPTED_DATA_INVALID,
        "integrity",
        () -> dst.hsm().cloning().cloneObjectIn(dst.session(), header, false));
    refused(
        Ckr.DATA_INVALID,
        "not a cloning payload",
        () -> dst.hsm().cloning().cloneObjectIn(dst.session(), new byte[10], false));
  }

  @Test
  void cloningTheSameObjectTwiceIsRefusedByName() throws Exception {
    Part src = partition("100", 0, "blue");
    Part dst = partition("200", 0, "blue");
    byte[] payload =
        src.hsm().cloning().cloneObjectOut(src.session(), src.aesKey(true), to(dst), false);
    dst.hsm().cloning().cloneObjectIn(dst.session(), payload, false);
    refused(
        Ckr.OBJECT_ALREADY_EXISTS,
        "already holds",
        () -> dst.hsm().cloning().cloneObjectIn(dst.session(), payload, false));
  }

  @Test
  void hsmPolicy7IsCheckedOnBothEnds() throws Exception {
    Part off = partition(Setup.of("100", 0, "blue").hsmPolicy(HsmPolicies.ALLOW_CLONING, 0));
    Part on = partition("200", 0, "blue");
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "HSM policy 7",
        () -> off.hsm().cloning().cloneObjectOut(off.session(), off.aesKey(true), to(on), false));
    byte[] payload =
        on.hsm().cloning().cloneObjectOut(on.session(), on.aesKey(true), to(off), false);
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "HSM policy 7",
        () -> off.hsm().cloning().cloneObjectIn(off.session(), payload, false));
  }

  @Test
  void hsmPolicy16GovernsOnlyNetworkTransfers() throws Exception {
    Part local =
        partition(Setup.of("100", 0, "blue").hsmPolicy(HsmPolicies.ALLOW_NETWORK_REPLICATION, 0));
    Part other = partition("200", 0, "blue");
    long key = local.aesKey(true);
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "HSM policy 16",
        () -> local.hsm().cloning().cloneObjectOut(local.session(), key, to(other), true));
    byte[] payload = local.hsm().cloning().cloneObjectOut(local.session(), key, to(other), false);
    other.hsm().cloning().cloneObjectIn(other.session(), payload, false);
    byte[] back =
        other.hsm().cloning().cloneObjectOut(other.session(), other.aesKey(true), to(local), true);
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "HSM policy 16",
        () -> local.hsm().cloning().cloneObjectIn(local.session(), back, true));
  }

  @Test
  void partitionPolicies0And4GovernPrivateAndSecretKeys() throws Exception {
    Part noPrivate =
        partition(
            Setup.of("100", 0, "blue").partitionPolicy(PartitionPolicies.PRIVATE_KEY_CLONING, 0));
    long[] pair = noPrivate.ecPair();
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "partition policy 0",
        () ->
            noPrivate
                .hsm()
                .cloning()
                .cloneObjectOut(noPrivate.session(), pair[1], to(noPrivate), false));
    noPrivate.hsm().cloning().cloneObjectOut(noPrivate.session(), pair[0], to(noPrivate), false);
    noPrivate
        .hsm()
        .cloning()
        .cloneObjectOut(noPrivate.session(), noPrivate.aesKey(true), to(noPrivate), false);

    Part noSecret =
        partition(
            Setup.of("200", 0, "blue").partitionPolicy(PartitionPolicies.SECRET_KEY_CLONING, 0));
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "partition policy 4",
        () ->
            noSecret
                .hsm()
                .cloning()
                .cloneObjectOut(noSecret.session(), noSecret.aesKey(true), to(noSecret), false));
    byte[] secret =
        noPrivate
            .hsm()
            .cloning()
            .cloneObjectOut(noPrivate.session(), noPrivate.aesKey(true), to(noSecret), false);
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "partition policy 4",
        () -> noSecret.hsm().cloning().cloneObjectIn(noSecret.session(), secret, false));
  }

  /** Every V0/V1 source and target, same and different domain, objects and SMKs. */
  @Test
  void versionAndDomainMatrix() throws Exception {
    for (int srcVersion : new int[] {0, 1}) {
      for (int dstVersion : new int[] {0, 1}) {
        for (boolean sameDomain : new boolean[] {true, false}) {
          String where =
              "V"
                  + srcVersion
                  + " -> V"
                  + dstVersion
                  + (sameDomain ? " same" : " other")
                  + " domain";
          Part src = partition("100", srcVersion, "blue");
          Part dst = partition("200", dstVersion, sameDomain ? "blue" : "green");
          byte[] dstBefore = dst.hsm().cloning().smkFingerprint(1).orElse(null);
          // Another domain's target is described as one knowing the source's domain could.
          byte[] target = sameDomain ? to(dst) : taggedAs(dst, "blue");
          long key = src.aesKey(true);
          if (srcVersion == 1) {
            refused(
                Ckr.OPERATION_NOT_ALLOWED,
                "clones outbound only its SMK",
                () -> src.hsm().cloning().cloneObjectOut(src.session(), key, to(dst), false));
            byte[] smk = src.hsm().cloning().cloneSmkOut(src.session(), target, false);
            if (dstVersion == 1 && sameDomain) {
              dst.hsm().cloning().cloneSmkIn(dst.session(), smk, false);
              assertArrayEquals(
                  src.hsm().cloning().smkFingerprint(1).orElseThrow(),
                  dst.hsm().cloning().smkFingerprint(1).orElseThrow(),
                  where);
              SmkInfo dstSmks = dst.hsm().sks().smkInfo(dst.session());
              assertEquals(
                  HexFormat.of().formatHex(dstBefore),
                  dstSmks.rollover(),
                  where + ": the target's own SMK moves to its rollover slot");
            } else {
              refused(
                  Ckr.OPERATION_NOT_ALLOWED,
                  dstVersion == 0 ? "V1 partitions clone only" : "another cloning domain",
                  () -> dst.hsm().cloning().cloneSmkIn(dst.session(), smk, false));
              assertArrayEquals(
                  dstBefore,
                  dst.hsm().cloning().smkFingerprint(1).orElse(null),
                  where + ": the target keeps its own SMK (a V0 target shows none)");
            }
          } else {
            refused(
                Ckr.OPERATION_NOT_ALLOWED,
                "only a V1 partition has an SMK",
                () -> src.hsm().cloning().cloneSmkOut(src.session(), target, false));
            byte[] payload = src.hsm().cloning().cloneObjectOut(src.session(), key, target, false);
            if (dstVersion == 0 && sameDomain) {
              long copy = dst.hsm().cloning().cloneObjectIn(dst.session(), payload, false);
              assertArrayEquals(
                  src.hsm().getAttribute(src.session(), key, Cka.OUID),
                  dst.hsm().getAttribute(dst.session(), copy, Cka.OUID),
                  where);
            } else {
              refused(
                  Ckr.OPERATION_NOT_ALLOWED,
                  dstVersion == 1 ? "V1 partitions clone only" : "another cloning domain",
                  () -> dst.hsm().cloning().cloneObjectIn(dst.session(), payload, false));
              assertEquals(
                  List.of(), dst.hsm().findObjects(dst.session(), Attributes.empty()), where);
            }
          }
        }
      }
    }
  }

  @Test
  void aV1PartitionHasItsSmkFromTheCryptoOfficersFirstLogin() throws Exception {
    Hsm hsm = Hsm.open(HsmOptions.inMemory("100", HsmModel.USB_HSM_7));
    long admin = hsm.openSession(0, 1, true);
    hsm.initHsm(admin, "hsm", Devices.PW, "hsmdomain", null);
    hsm.login(admin, Role.HSM_SO, Devices.PW);
    hsm.createPartition(admin, 1, 1);
    long s = hsm.openSession(1, 2, true);
    hsm.initPartition(s, "part", Devices.PW, "blue", null);
    assertTrue(hsm.cloning().smkFingerprint(1).isEmpty(), "no SMK before the CO logs in");
    hsm.login(s, Role.PARTITION_SO, Devices.PW);
    hsm.initRole(s, Role.CRYPTO_OFFICER, Devices.PW);
    hsm.logout(s);
    hsm.login(s, Role.CRYPTO_OFFICER, Devices.PW);
    assertEquals(
        hsm.sks().smkInfo(s).primary(),
        HexFormat.of().formatHex(hsm.cloning().smkFingerprint(1).orElseThrow()));
  }

  @Test
  void aDeviceWithoutSksHasNoSmkToClone() throws Exception {
    Part v1 = partition("100", 1, "blue");
    v1.hsm().cloning().attachSmkVault(SmkVault.NONE);
    refused(
        Ckr.KEY_NEEDED,
        "has no SMK",
        () -> v1.hsm().cloning().cloneSmkOut(v1.session(), to(v1), false));
    assertTrue(v1.hsm().cloning().smkFingerprint(1).isEmpty());
  }

  @Test
  void aV0PartitionShowsNoSmk() throws Exception {
    Part v0 = partition("100", 0, "blue");
    assertTrue(v0.hsm().cloning().smkFingerprint(1).isEmpty(), "its SMK exists but is not used");
  }

  @Test
  void theRulesTableCoversPre77Partitions() throws Exception {
    CloningRules.checkDirection(PartitionKind.PRE_7_7, PartitionKind.V0, PayloadKind.OBJECT);
    CloningRules.checkDirection(PartitionKind.PRE_7_7, PartitionKind.PRE_7_7, PayloadKind.OBJECT);
    CloningRules.checkDirection(PartitionKind.V0, PartitionKind.V0, PayloadKind.OBJECT);
    CloningRules.checkDirection(PartitionKind.V1, PartitionKind.V1, PayloadKind.SMK);
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "back to a pre-7.7",
        () ->
            CloningRules.checkDirection(
                PartitionKind.V0, PartitionKind.PRE_7_7, PayloadKind.OBJECT));
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "V1 partitions clone only",
        () ->
            CloningRules.checkDirection(
                PartitionKind.PRE_7_7, PartitionKind.V1, PayloadKind.OBJECT));
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "V1 partitions clone only",
        () -> CloningRules.checkDirection(PartitionKind.V0, PartitionKind.V1, PayloadKind.OBJECT));
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "outbound only its SMK",
        () -> CloningRules.checkDirection(PartitionKind.V1, PartitionKind.V0, PayloadKind.OBJECT));
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "outbound only its SMK",
        () -> CloningRules.checkDirection(PartitionKind.V1, PartitionKind.V1, PayloadKind.OBJECT));
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "back to a pre-7.7",
        () ->
            CloningRules.checkDirection(PartitionKind.V1, PartitionKind.PRE_7_7, PayloadKind.SMK));
  }
}
