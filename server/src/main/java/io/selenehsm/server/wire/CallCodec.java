package io.selenehsm.server.wire;

import io.selenehsm.device.SlotCall;
import io.selenehsm.device.SlotInfo.Kind;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;

/**
 * The one mapping between Slot calls and the wire: a call to a {@link CallRequest} and back on the
 * server, a result or failure to a {@link CallReply} and back on the client. Arguments are the call
 * record's components in declaration order and travel by their static types (see {@link
 * ValueCodec}).
 *
 * <p>Errors: a request the server cannot read is CKR_ARGUMENTS_BAD (an unknown call type
 * CKR_FUNCTION_NOT_SUPPORTED) naming what was wrong; a reply the client cannot read is
 * CKR_DEVICE_ERROR; a PED argument is CKR_FUNCTION_NOT_SUPPORTED (a PED works on the server's host
 * only). Nothing here throws an unchecked exception on bad input.
 *
 * <p>Thread-safe: stateless; the per-type plans are immutable and built once ({@link CallPlan}).
 */
public final class CallCodec {
  /** Results carry no slots: a reply naming one is malformed. */
  private static final SlotRefs NO_SLOT_REFS =
      slot -> {
        throw new HsmException(Ckr.GENERAL_ERROR, "a call result cannot carry a slot");
      };

  private static final SlotResolver NO_SLOTS =
      id -> {
        throw WireErrors.bad("a call result cannot name slot " + id);
      };

  private static final io.selenehsm.device.CallType[] TYPES = io.selenehsm.device.CallType.values();

  private CallCodec() {}

  /** Client: the request for {@code call} on server slot {@code slot}. */
  public static CallRequest request(int slot, SlotCall<?> call, SlotRefs refs) throws HsmException {
    CallPlan plan = plan(call);
    try {
      return CallRequest.newBuilder()
          .setSlot(slot)
          .setType(plan.wireType())
          .addAllArgs(plan.arguments().encodeComponents(call, refs))
          .build();
    } catch (HsmException e) {
      throw WireErrors.within(plan.type().name(), e);
    }
  }

  /**
   * Server: the call a request carries. Any malformed request is CKR_ARGUMENTS_BAD (an unknown type
   * CKR_FUNCTION_NOT_SUPPORTED) naming what was wrong; never an unchecked exception. An error
   * {@code slots} raises for a slot reference (an unknown or unreachable slot) passes as it is.
   */
  public static SlotCall<?> call(CallRequest request, SlotResolver slots) throws HsmException {
    int number = request.getTypeValue();
    if (number < 1 || number > TYPES.length) {
      throw WireErrors.unsupported("unknown call type " + number);
    }
    CallPlan plan = CallPlan.of(TYPES[number - 1]);
    try {
      return (SlotCall<?>) plan.arguments().decodeComponents(request.getArgsList(), slots);
    } catch (HsmException e) {
      throw WireErrors.within(plan.type().name(), e);
    } catch (RuntimeException e) {
      // Belt and braces for the contract above: a decoder bug must still answer with a code.
      throw WireErrors.bad(plan.type().name() + " request unreadable: " + e);
    }
  }

  /** Server: the reply carrying what {@code call} returned ({@code null} for Void). */
  public static CallReply reply(SlotCall<?> call, Object result) throws HsmException {
    CallPlan plan = plan(call);
    try {
      return CallReply.newBuilder().setResult(plan.result().encode(result, NO_SLOT_REFS)).build();
    } catch (ClassCastException e) {
      throw new HsmException(
          Ckr.GENERAL_ERROR,
          plan.type().name()
              + " returned a "
              + result.getClass().getName()
              + ": "
              + e.getMessage());
    } catch (HsmException e) {
      throw WireErrors.within(plan.type().name() + " result", e);
    }
  }

  /** Server: the reply for a failed call. */
  public static CallReply failure(HsmException e) {
    String message = e.detail();
    return CallReply.newBuilder()
        .setFailure(
            Failure.newBuilder()
                .setCkr(e.returnCode())
                .setMessage(message == null ? "" : wellFormedOrEscaped(message)))
        .build();
  }

  /**
   * Client: the result a reply carries for {@code call}, or the HsmException (same CKR code and
   * message) the server's call ended with. A malformed reply is CKR_DEVICE_ERROR.
   */
  @SuppressWarnings("unchecked") // the plan's result codec decodes values of the call's R
  public static <R> R result(SlotCall<R> call, CallReply reply) throws HsmException {
    switch (reply.getOutcomeCase()) {
      case FAILURE:
        throw new HsmException(reply.getFailure().getCkr(), reply.getFailure().getMessage());
      case RESULT:
        CallPlan plan = plan(call);
        try {
          return (R) plan.result().decode(reply.getResult(), NO_SLOTS);
        } catch (HsmException | RuntimeException e) {
          String why = e instanceof HsmException h ? h.detail() : e.toString();
          throw new HsmException(
              Ckr.DEVICE_ERROR, "malformed " + plan.type().name() + " reply: " + why, e);
        }
      default:
        throw new HsmException(Ckr.DEVICE_ERROR, "reply carries neither result nor failure");
    }
  }

  /** {@link io.selenehsm.device.SlotInfo} to the wire: null strings travel as empty. */
  public static io.selenehsm.server.wire.SlotInfo toWire(io.selenehsm.device.SlotInfo info) {
    return io.selenehsm.server.wire.SlotInfo.newBuilder()
        .setSlotId(info.slotId())
        .setKind(info.kind() == null ? "" : info.kind().name())
        .setTokenPresent(info.tokenPresent())
        .setLabel(text(info.label()))
        .setTokenSerial(text(info.tokenSerial()))
        .setDeviceSerial(text(info.deviceSerial()))
        .setModel(text(info.model()))
        .setPartitionId(info.partitionId())
        .setStatus(text(info.status()))
        .build();
  }

  /** The wire's slot info: empty strings come back as null; an unknown kind is CKR_DEVICE_ERROR. */
  public static io.selenehsm.device.SlotInfo fromWire(io.selenehsm.server.wire.SlotInfo info)
      throws HsmException {
    Kind kind = null;
    if (!info.getKind().isEmpty()) {
      try {
        kind = Kind.valueOf(info.getKind());
      } catch (IllegalArgumentException e) {
        throw new HsmException(
            Ckr.DEVICE_ERROR,
            "slot " + info.getSlotId() + " has unknown kind " + WireErrors.quote(info.getKind()));
      }
    }
    return new io.selenehsm.device.SlotInfo(
        info.getSlotId(),
        kind,
        info.getTokenPresent(),
        nullIfEmpty(info.getLabel()),
        nullIfEmpty(info.getTokenSerial()),
        nullIfEmpty(info.getDeviceSerial()),
        nullIfEmpty(info.getModel()),
        info.getPartitionId(),
        nullIfEmpty(info.getStatus()));
  }

  private static CallPlan plan(SlotCall<?> call) throws HsmException {
    try {
      return CallPlan.of(call);
    } catch (IllegalArgumentException e) {
      throw WireErrors.unsupported(call.getClass().getName() + " is no Slot call the wire knows");
    }
  }

  private static String text(String s) {
    return s == null ? "" : wellFormedOrEscaped(s);
  }

  private static String nullIfEmpty(String s) {
    return s.isEmpty() ? null : s;
  }

  /** A message or label as it is, or with unpaired surrogates replaced where it has any. */
  private static String wellFormedOrEscaped(String s) {
    try {
      return ScalarCodecs.wellFormed(s);
    } catch (HsmException e) {
      StringBuilder b = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
        if (paired) {
          b.append(c).append(s.charAt(++i));
        } else {
          b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
        }
      }
      return b.toString();
    }
  }
}
