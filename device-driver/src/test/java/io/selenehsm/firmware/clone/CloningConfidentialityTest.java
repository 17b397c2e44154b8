package io.selenehsm.firmware.clone;

import static io.selenehsm.firmware.clone.Devices.partition;
import static io.selenehsm.firmware.clone.Devices.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmCloning;
import io.selenehsm.firmware.clone.Devices.Part;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A cloning payload or a backup container, together with the cloning domain string, opens nothing
 * in software: the attacker below has the payload bytes, the domain, the target's public
 * descriptor, every class of the protocol and a device key of its own, and gets no key byte.
 */
class CloningConfidentialityTest {
  private static final String DOMAIN = "blue";

  private static void refused(long code, String fragment, Executable e) {
    HsmException x = assertThrows(HsmException.class, e);
    assertEquals(code, x.returnCode(), x.getMessage());
    assertTrue(x.getMessage().contains(fragment), x.getMessage());
  }

  /** A token AES key whose value the test knows. */
  private static long knownKey(Part p, byte[] value) throws HsmException {
    return p.hsm()
        .createObject(
            p.session(),
            Attributes.builder()
                .set(Cka.CLASS, Cko.SECRET_KEY)
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.TOKEN, true)
                .set(Cka.SENSITIVE, true)
                .set(Cka.EXTRACTABLE, false)
                .set(Cka.ENCRYPT, true)
                .set(Cka.LABEL, "known")
                .set(Cka.VALUE, value)
                .build());
  }

  private static byte[] randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  @Test
  void aClonePayloadPlusTheDomainOpensNothingOutsideTheTargetHsm() throws Exception {
    Part src = partition("100", 0, DOMAIN);
    Part dst = partition("200", 0, DOMAIN);
    byte[] value = randomKey();
    byte[] payload =
        src.hsm().cloning().cloneObjectOut(src.session(), knownKey(src, value), to(dst), false);

    attackInSoftware(payload, value);

    long copy = dst.hsm().cloning().cloneObjectIn(dst.session(), payload, false);
    assertEquals(
        "known",
        dst.hsm().getAttributes(dst.session(), copy).string(Cka.LABEL),
        "inside the target HSM the same payload opens");
  }

  @Test
  void aBackupPlusTheDomainOpensNothingOutsideAnHsm() throws Exception {
    Hsm backup = Devices.backupHsm("900");
    long so = Devices.backupSo(backup);
    Part src = partition("100", 0, DOMAIN);
    byte[] value = randomKey();
    knownKey(src, value);

    List<byte[]> sent =
        src.hsm().cloning().archiveOut(src.session(), backup.cloning().cloningTarget(so));
    for (byte[] p : sent) {
      attackInSoftware(p, value);
    }
    HsmCloning.backup(src.hsm(), src.session(), 1, backup, so, "c1", false);
    Part dst = partition("200", 0, DOMAIN);
    List<byte[]> restoring =
        backup.cloning().fetchBackup(so, "c1", dst.hsm().cloning().securityOf(1), to(dst));
    for (byte[] p : restoring) {
      attackInSoftware(p, value);
    }
    assertEquals(
        1,
        HsmCloning.restore(backup, so, "c1", dst.hsm(), dst.session(), 1).copied(),
        "inside the restore target the backup opens");
  }

  @Test
  void aPayloadForOneDeviceDoesNotOpenOnAnotherOfTheSameDomain() throws Exception {
    Part src = partition("100", 0, DOMAIN);
    Part meant = partition("200", 0, DOMAIN);
    Part other = partition("300", 0, DOMAIN);
    byte[] payload =
        src.hsm().cloning().cloneObjectOut(src.session(), src.aesKey(true), to(meant), false);
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "another device",
        () -> other.hsm().cloning().cloneObjectIn(other.session(), payload, false));
    assertEquals(List.of(), other.hsm().findObjects(other.session(), Attributes.empty()));
  }

  @Test
  void theSourceRefusesATargetNotVouchedForByItsDomain() throws Exception {
    Part src = partition("100", 0, DOMAIN);
    Part green = partition("200", 0, "green");
    long key = src.aesKey(true);
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "another cloning domain",
        () -> src.hsm().cloning().cloneObjectOut(src.session(), key, to(green), false));

    // A caller swapping in a key of its own (without the domain) is refused the same way.
    CloningTarget real = CloningTarget.decode(to(partition("300", 0, DOMAIN)));
    byte[] ownKey = DeviceKey.generate(new SecureRandom()).publicKey();
    byte[] swapped = new CloningTarget(real.serial(), ownKey, real.domainTag()).encode();
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "another cloning domain",
        () -> src.hsm().cloning().cloneObjectOut(src.session(), key, swapped, false));
    refused(
        Ckr.ARGUMENTS_BAD,
        "not a cloning target descriptor",
        () -> src.hsm().cloning().cloneObjectOut(src.session(), key, new byte[7], false));
  }

  /**
   * Everything a software attacker holding the payload and the domain string can try; each attempt
   * must fail and no attempt may see the key value.
   */
  private static void attackInSoftware(byte[] payload, byte[] keyValue) throws Exception {
    assertFalse(contains(payload, keyValue), "the key value is not in the payload in clear");
    DomainKey domain = DomainKey.derive(DOMAIN.getBytes(StandardCharsets.UTF_8));

    // 1. Read it as a domain-sealed payload, at every offset.
    List<byte[]> opened = new ArrayList<>();
    for (int off = 0; off < payload.length - 16; off++) {
      try {
        opened.add(
            CloningPayload.parse(Arrays.copyOfRange(payload, off, payload.length)).open(domain));
      } catch (HsmException expected) {
        // refused, as it must be
      }
    }
    assertEquals(List.of(), opened, "no offset opens under the domain key");

    // 2. Open the envelope with a device key of one's own.
    DeviceKey mine = DeviceKey.generate(new SecureRandom());
    refused(
        Ckr.OPERATION_NOT_ALLOWED,
        "another device",
        () -> TargetEnvelope.open(payload, mine, "attacker"));

    // 3. Relabel the envelope for one's own key.
    byte[] relabelled = payload.clone();
    System.arraycopy(DeviceKey.keyId(mine.publicKey()), 0, relabelled, 4, 8);
    refused(
        Ckr.ENCRYPTED_DATA_INVALID,
        "integrity",
        () -> TargetEnvelope.open(relabelled, mine, "attacker"));
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
