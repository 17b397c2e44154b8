package io.selenehsm.server.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.selenehsm.device.AuditCall;
import io.selenehsm.device.CloningCall;
import io.selenehsm.device.CryptoCall;
import io.selenehsm.device.LoginCall;
import io.selenehsm.device.ObjectCall;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.audit.AuditConfig;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests a hostile or broken client could send: each is refused with a typed error naming what
 * was wrong, and none makes the server build a class the call's static types do not name.
 */
class RequestAttackTest {

  private static CallRequest request(SlotCall<?> call) throws HsmException {
    return CallCodec.request(1, call, TestSlots.REFS);
  }

  private static HsmException refused(CallRequest request) {
    return assertThrows(HsmException.class, () -> CallCodec.call(request, TestSlots.RESOLVER));
  }

  private static void assertBad(CallRequest request, String... fragments) {
    HsmException e = refused(request);
    assertEquals(Ckr.ARGUMENTS_BAD, e.returnCode(), e.getMessage());
    for (String f : fragments) {
      assertTrue(e.detail().contains(f), () -> "'" + f + "' missing in: " + e.detail());
    }
  }

  private static Value.Builder arg(CallRequest r, int i) {
    return r.getArgs(i).toBuilder();
  }

  @Test
  void unknownCallTypesAreNotSupported() {
    int pastTheLast = io.selenehsm.device.CallType.values().length + 1;
    for (int n : new int[] {0, -1, pastTheLast, 10_000}) {
      CallRequest r = CallRequest.newBuilder().setSlot(1).setTypeValue(n).build();
      HsmException e = refused(r);
      assertEquals(Ckr.FUNCTION_NOT_SUPPORTED, e.returnCode());
      assertTrue(e.detail().contains("unknown call type " + n), e.detail());
    }
  }

  @Test
  void wrongArgumentCountsAreNamed() throws Exception {
    CallRequest login = request(new LoginCall.Login(1, Role.CRYPTO_OFFICER, "pin".toCharArray()));
    assertBad(login.toBuilder().removeArgs(2).build(), "LOGIN", "3 component(s), got 2");
    assertBad(
        login.toBuilder().addArgs(NullableCodec.NONE).build(), "LOGIN", "3 component(s), got 4");
  }

  @Test
  void argumentsOfTheWrongKindAreNamedWithTheirComponent() throws Exception {
    CallRequest login = request(new LoginCall.Login(1, Role.CRYPTO_OFFICER, "pin".toCharArray()));
    CallRequest text = login.toBuilder().setArgs(0, Value.newBuilder().setText("1")).build();
    assertBad(text, "Login.session", "expected number, got text");
    CallRequest none = login.toBuilder().setArgs(0, NullableCodec.NONE).build();
    assertBad(none, "Login.session", "expected number, got none");
  }

  @Test
  void enumConstantsOutsideTheEnumAreRefused() throws Exception {
    CallRequest login = request(new LoginCall.Login(1, Role.CRYPTO_OFFICER, "pin".toCharArray()));
    assertBad(
        login.toBuilder().setArgs(1, arg(login, 1).setSymbol("ROOT")).build(),
        "Login.role",
        "'ROOT' is no constant of Role");
  }

  @Test
  void intsOutOfRangeAreRefused() throws Exception {
    CallRequest r = request(new ObjectCall.GenerateRandom(1, 16));
    assertBad(
        r.toBuilder().setArgs(1, arg(r, 1).setNumber(1L << 40)).build(),
        "GenerateRandom.length",
        "does not fit an int");
  }

  /** The variant names only a permitted subclass of the static type, never any other class. */
  @Test
  void sealedVariantsOutsideThePermittedSubclassesAreRefused() throws Exception {
    Mechanism gcm = Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[12], new byte[0], 128));
    CallRequest r = request(new CryptoCall.Sign(1, gcm, 2, new byte[1]));
    for (String name :
        List.of("java.lang.ProcessBuilder", "ProcessBuilder", "Mechanism", "GcmParams ", "")) {
      Value.Builder mech = arg(r, 1);
      mech.getMechanismBuilder().getParamsBuilder().getCompositeBuilder().setVariant(name);
      assertBad(r.toBuilder().setArgs(1, mech).build(), "is no variant of MechanismParams");
    }
  }

  @Test
  void invalidMechanismParametersAreRefusedByTheMechanismsOwnCheck() throws Exception {
    Mechanism gcm = Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[12], new byte[0], 128));
    CallRequest r = request(new CryptoCall.Sign(1, gcm, 2, new byte[1]));
    Value.Builder mech = arg(r, 1);
    mech.getMechanismBuilder()
        .getParamsBuilder()
        .getCompositeBuilder()
        .setComponents(2, Value.newBuilder().setNumber(7));
    assertBad(r.toBuilder().setArgs(1, mech).build(), "Sign.mechanism", "GCM tag length 7");
  }

  @Test
  void secretsThatAreNoUtf8AreRefused() throws Exception {
    CallRequest r = request(new LoginCall.Login(1, Role.CRYPTO_OFFICER, "pin".toCharArray()));
    Value bad = Value.newBuilder().setSecret(ByteString.copyFrom(new byte[] {(byte) 0xC3})).build();
    assertBad(r.toBuilder().setArgs(2, bad).build(), "Login.pin", "no valid UTF-8");
  }

  @Test
  void secretsAndTextWithUnpairedSurrogatesAreRefusedAtTheClient() {
    HsmException pin =
        assertThrows(
            HsmException.class,
            () -> request(new LoginCall.Login(1, Role.CRYPTO_USER, new char[] {'a', '\uD800'})));
    assertEquals(Ckr.ARGUMENTS_BAD, pin.returnCode());
    assertTrue(pin.detail().contains("Login.pin"), pin.detail());
    HsmException text =
        assertThrows(HsmException.class, () -> request(new AuditCall.LogExternal(1, "x\uDC00y")));
    assertEquals(Ckr.ARGUMENTS_BAD, text.returnCode());
  }

  @Test
  void secretsDecodeToTheirCharacters() throws Exception {
    char[] pin = "pässwörd-\u30A2-\uD83D\uDE00".toCharArray();
    LoginCall.Login back =
        (LoginCall.Login)
            CallCodec.call(
                request(new LoginCall.Login(1, Role.CRYPTO_USER, pin)), TestSlots.RESOLVER);
    assertArrayEquals(pin, back.pin());
  }

  @Test
  void anAttributeGivenTwiceIsRefused() throws Exception {
    Attributes t = Attributes.builder().set(3L, true).build();
    CallRequest r = request(new ObjectCall.CreateObject(1, t));
    Value.Builder attrs = arg(r, 1);
    attrs.getAttributesBuilder().addAttributes(attrs.getAttributes().getAttributes(0));
    assertBad(r.toBuilder().setArgs(1, attrs).build(), "CreateObject.template", "given twice");
  }

  @Test
  void publicKeysThatDoNotDecodeAreRefused() throws Exception {
    CallRequest r =
        request(
            new CryptoCall.EncryptWithPublicKey(
                1, Mechanism.of(Ckm.RSA_PKCS_OAEP), null, new byte[1]));
    Value garbage =
        Value.newBuilder()
            .setPublicKey(
                EncodedKey.newBuilder()
                    .setAlgorithm("RSA")
                    .setX509(ByteString.copyFrom(new byte[] {0x30, 0x03, 1, 2, 3})))
            .build();
    assertBad(r.toBuilder().setArgs(2, garbage).build(), "EncryptWithPublicKey.key", "RSA");
    Value noName =
        garbage.toBuilder()
            .setPublicKey(garbage.getPublicKey().toBuilder().setAlgorithm("../../etc\n"))
            .build();
    assertBad(r.toBuilder().setArgs(2, noName).build(), "is no name");
    Value unknown =
        garbage.toBuilder()
            .setPublicKey(garbage.getPublicKey().toBuilder().setAlgorithm("NoSuchAlgorithm"))
            .build();
    assertBad(r.toBuilder().setArgs(2, unknown).build(), "NoSuchAlgorithm");
  }

  @Test
  void instantsOutOfRangeAreRefused() throws Exception {
    CallRequest r =
        request(new AuditCall.SyncAuditTime(1, java.time.Instant.ofEpochSecond(1_700_000_000)));
    Value.Builder nanos = arg(r, 1);
    nanos.getInstantBuilder().setNanos(1_000_000_000);
    assertBad(r.toBuilder().setArgs(1, nanos).build(), "SyncAuditTime.hostTime", "nanoseconds");
    Value.Builder seconds = arg(r, 1);
    seconds.getInstantBuilder().setSeconds(Long.MAX_VALUE);
    assertBad(r.toBuilder().setArgs(1, seconds).build(), "out of range");
  }

  @Test
  void pathsTheFileSystemRefusesAreRefused() throws Exception {
    CallRequest r = request(new AuditCall.VerifyAuditLog(1, List.of(Path.of("/tmp/a.log"))));
    Value.Builder files = arg(r, 1);
    files.getSequenceBuilder().setItems(0, Value.newBuilder().setText("a\0b"));
    assertBad(r.toBuilder().setArgs(1, files).build(), "VerifyAuditLog.files", "item 0");
  }

  @Test
  void aRecordConstructorThatRefusesItsComponentsMakesTheArgumentBad() throws Exception {
    io.selenehsm.firmware.sks.SksExtractRequest req =
        io.selenehsm.firmware.sks.SksExtractRequest.of(5, 6);
    CallRequest r = request(new io.selenehsm.device.SksCall.SksExtract(1, req));
    Value.Builder request = arg(r, 1);
    // handles [5, null]: the record's List.copyOf refuses a null handle.
    request
        .getCompositeBuilder()
        .getComponentsBuilder(0)
        .getSequenceBuilder()
        .setItems(1, NullableCodec.NONE);
    assertBad(r.toBuilder().setArgs(1, request).build(), "SksExtract.request", "refused");
  }

  @Test
  void pedCallsAreRefusedInBothDirections() throws Exception {
    HsmException out =
        assertThrows(
            HsmException.class,
            () -> request(new LoginCall.LoginWithPed(1, Role.HSM_SO, TestSlots.PED)));
    assertEquals(Ckr.FUNCTION_NOT_SUPPORTED, out.returnCode());
    assertTrue(out.detail().contains("PED authentication must run on the server's host"));
    // A peer that sends one anyway: the server refuses to decode a PED from the wire.
    List<Value> args = new ArrayList<>();
    args.add(Value.newBuilder().setNumber(1).build());
    args.add(Value.newBuilder().setSymbol("HSM_SO").build());
    args.add(NullableCodec.NONE);
    CallRequest in =
        CallRequest.newBuilder()
            .setSlot(1)
            .setType(CallType.LOGIN_WITH_PED)
            .addAllArgs(args)
            .build();
    HsmException e = refused(in);
    assertEquals(Ckr.FUNCTION_NOT_SUPPORTED, e.returnCode());
  }

  @Test
  void slotReferencesResolveOnlyToTheServersSlots() throws Exception {
    CallRequest r =
        request(new CloningCall.BackupPartition(1, TestSlots.SLOTS.get(1), 9, "container", false));
    assertEquals(7, r.getArgs(1).getSlot().getSlot());
    Value.Builder other = arg(r, 1);
    other.getSlotBuilder().setSlot(99);
    HsmException e = refused(r.toBuilder().setArgs(1, other).build());
    assertEquals(Ckr.SLOT_ID_INVALID, e.returnCode());
  }

  @Test
  void anAuditConfigWhoseTextFormWouldChangeItIsRefused() {
    AuditConfig c = AuditConfig.DEFAULT.withPath(Path.of("/var/log/a\nsize 4m"));
    HsmException e =
        assertThrows(HsmException.class, () -> CallCodec.reply(new AuditCall.GetAuditConfig(), c));
    assertEquals(Ckr.ARGUMENTS_BAD, e.returnCode());
  }
}
