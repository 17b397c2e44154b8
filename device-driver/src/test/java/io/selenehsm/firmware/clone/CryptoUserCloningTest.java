package io.selenehsm.firmware.clone;

import static io.selenehsm.firmware.EngineFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Crypto User clones and backs up public objects only (the vendor's role table): a CU session
 * cannot take a private key out of the partition, cannot bring one in, and cannot restore a backup
 * holding one; nothing is added when it is refused.
 */
class CryptoUserCloningTest {
  private static final char[] CU_PW = "cu-password-2".toCharArray();
  private Devices.Part source;
  private Devices.Part target;
  private long privateKey;
  private long publicObject;

  @BeforeEach
  void setUp() throws HsmException {
    source = Devices.partition("1110001", 0, "shared-domain");
    target = Devices.partition("1110002", 0, "shared-domain");
    privateKey =
        source
            .hsm()
            .createObject(
                source.session(),
                Attributes.builder()
                    .set(Cka.CLASS, Cko.SECRET_KEY)
                    .set(Cka.KEY_TYPE, Ckk.AES)
                    .set(Cka.TOKEN, true)
                    .set(Cka.VALUE, new byte[32])
                    .set(Cka.LABEL, "private")
                    .build());
    publicObject =
        source
            .hsm()
            .createObject(
                source.session(),
                Attributes.builder()
                    .set(Cka.CLASS, Cko.DATA)
                    .set(Cka.TOKEN, true)
                    .set(Cka.LABEL, "public")
                    .set(Cka.VALUE, new byte[] {1, 2, 3})
                    .build());
  }

  @Test
  void theCryptoUserClonesPublicObjectsOutAndInButNoPrivateOnes() throws Exception {
    long cu = cryptoUser(source);
    assertFails(
        Ckr.USER_NOT_AUTHORIZED,
        () -> source.hsm().cloning().cloneObjectOut(cu, privateKey, to(target), false),
        "public objects only");
    byte[] publicPayload =
        source.hsm().cloning().cloneObjectOut(cu, publicObject, to(target), false);
    byte[] privatePayload =
        source.hsm().cloning().cloneObjectOut(source.session(), privateKey, to(target), false);
    long targetCu = cryptoUser(target);
    int before = tokenObjects(target);
    assertFails(
        Ckr.USER_NOT_AUTHORIZED,
        () -> target.hsm().cloning().cloneObjectIn(targetCu, privatePayload, false),
        "public objects only");
    assertEquals(before, tokenObjects(target), "nothing was added");
    target.hsm().cloning().cloneObjectIn(targetCu, publicPayload, false);
    assertEquals(before + 1, tokenObjects(target));
  }

  @Test
  void theCryptoUserCannotBackUpOrRestoreAPartitionHoldingPrivateObjects() throws Exception {
    long cu = cryptoUser(source);
    assertFails(
        Ckr.USER_NOT_AUTHORIZED,
        () -> source.hsm().cloning().archiveOut(cu, to(target)),
        "public objects only");
    List<byte[]> payloads = source.hsm().cloning().archiveOut(source.session(), to(target));
    long targetCu = cryptoUser(target);
    int before = tokenObjects(target);
    assertFails(
        Ckr.USER_NOT_AUTHORIZED,
        () -> target.hsm().cloning().restoreIn(targetCu, "c1", payloads),
        "public objects only");
    assertEquals(before, tokenObjects(target), "refused before anything was restored");
    assertEquals(2, target.hsm().cloning().restoreIn(target.session(), "c1", payloads).copied());
  }

  /** A session of a second application logged in as a freshly initialized Crypto User. */
  private static long cryptoUser(Devices.Part part) throws HsmException {
    char[] initial = "cu-password-1".toCharArray();
    part.hsm().initRole(part.session(), Role.CRYPTO_USER, initial);
    long s = part.hsm().openSession(part.id(), 3, true);
    part.hsm().login(s, Role.CRYPTO_USER, initial);
    part.hsm().changePin(s, initial, CU_PW);
    return s;
  }

  private static int tokenObjects(Devices.Part part) throws HsmException {
    return part.hsm()
        .findObjects(part.session(), Attributes.builder().set(Cka.TOKEN, true).build())
        .size();
  }

  /** The cloning descriptor of a partition's device (payloads are encrypted to it). */
  private static byte[] to(Devices.Part p) throws HsmException {
    return p.hsm().cloning().cloningTarget(p.session());
  }
}
