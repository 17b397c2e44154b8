package io.selenehsm.server.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever a peer sends, the server's decoder answers with a call or an HsmException, never with an
 * unchecked exception; and whatever a server replies, the client's decoder answers with a result,
 * the server's failure or CKR_DEVICE_ERROR.
 */
class RequestFuzzProperties {
  /** What a request may be refused with: bad input, an unknown call, an unknown slot. */
  private static final Set<Long> REQUEST_CODES =
      Set.of(Ckr.ARGUMENTS_BAD, Ckr.FUNCTION_NOT_SUPPORTED, Ckr.SLOT_ID_INVALID);

  @Property(tries = 2000)
  void arbitraryBytesDecodeOrAreRefused(@ForAll byte[] bytes) {
    CallRequest request;
    try {
      request = CallRequest.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      Statistics.collect("unparseable");
      return;
    }
    Statistics.collect(decodesOrIsRefused(request));
  }

  @Property(tries = 2000)
  void mutatedRequestBytesDecodeOrAreRefused(
      @ForAll("requests") CallRequest request, @ForAll("byteEdits") List<int[]> edits) {
    byte[] bytes = request.toByteArray();
    for (int[] edit : edits) {
      if (bytes.length > 0) {
        int at = Math.floorMod(edit[0], bytes.length);
        bytes[at] = (byte) (edit[1] == 0 ? bytes[at] ^ (1 << (edit[0] & 7)) : edit[1]);
      }
    }
    try {
      Statistics.collect(decodesOrIsRefused(CallRequest.parseFrom(bytes)));
    } catch (InvalidProtocolBufferException e) {
      Statistics.collect("unparseable");
    }
  }

  @Property(tries = 3000)
  void wellFormedRequestsWithWrongArgumentsDecodeOrAreRefused(
      @ForAll("requests") CallRequest request,
      @ForAll("values") Value value,
      @ForAll int position,
      @ForAll("mutations") Mutation mutation) {
    CallRequest.Builder b = request.toBuilder();
    int n = b.getArgsCount();
    int i = n == 0 ? 0 : Math.floorMod(position, n);
    switch (mutation) {
      case REPLACE -> {
        if (n > 0) {
          b.setArgs(i, value);
        }
      }
      case DROP -> {
        if (n > 0) {
          b.removeArgs(i);
        }
      }
      case ADD -> b.addArgs(value);
      case RETYPE -> b.setTypeValue(Math.floorMod(position, 125));
      case NEST -> {
        if (n > 0) {
          b.setArgs(i, Value.newBuilder().setSequence(Sequence.newBuilder().addItems(value)));
        }
      }
    }
    Statistics.collect(mutation, decodesOrIsRefused(b.build()));
  }

  @Property(tries = 2000)
  void arbitraryRepliesGiveAResultOrADeviceError(
      @ForAll("calls") SlotCall<?> call, @ForAll("values") Value value) {
    CallReply reply = CallReply.newBuilder().setResult(value).build();
    try {
      CallCodec.result(call, reply);
      Statistics.collect("decoded");
    } catch (HsmException e) {
      assertEquals(Ckr.DEVICE_ERROR, e.returnCode(), e.getMessage());
      Statistics.collect("refused");
    }
  }

  enum Mutation {
    REPLACE,
    DROP,
    ADD,
    RETYPE,
    NEST
  }

  private static String decodesOrIsRefused(CallRequest request) {
    try {
      SlotCall<?> call = CallCodec.call(request, TestSlots.RESOLVER);
      assertEquals(request.getTypeValue(), call.type().ordinal() + 1);
      return "decoded";
    } catch (HsmException e) {
      assertTrue(REQUEST_CODES.contains(e.returnCode()), e::getMessage);
      assertTrue(e.detail() != null && !e.detail().isBlank());
      return "refused";
    }
  }

  @Provide
  Arbitrary<SlotCall<?>> calls() {
    return Arbitraries.oneOf(
        Arrays.stream(io.selenehsm.device.CallType.values()).map(WireArbitraries::call).toList());
  }

  /** Requests as a client sends them (PED calls, which a client cannot encode, left out). */
  @Provide
  Arbitrary<CallRequest> requests() {
    return calls()
        .map(
            c -> {
              try {
                return CallCodec.request(2, c, TestSlots.REFS);
              } catch (HsmException e) {
                return CallRequest.newBuilder()
                    .setSlot(2)
                    .setTypeValue(c.type().ordinal() + 1)
                    .build();
              }
            });
  }

  @Provide
  Arbitrary<List<int[]>> byteEdits() {
    return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 255))
        .as((at, v) -> new int[] {at, v})
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    return Arbitraries.of(Mutation.class);
  }

  /** Values of every kind, nested a few levels. */
  @Provide
  Arbitrary<Value> values() {
    return value(3);
  }

  private static Arbitrary<Value> value(int depth) {
    List<Arbitrary<Value>> leaves =
        List.of(
            Arbitraries.just(NullableCodec.NONE),
            Arbitraries.of(true, false).map(f -> Value.newBuilder().setFlag(f).build()),
            Arbitraries.longs().map(n -> Value.newBuilder().setNumber(n).build()),
            Arbitraries.strings().ofMaxLength(12).map(s -> Value.newBuilder().setText(s).build()),
            WireArbitraries.bytes(16)
                .map(b -> Value.newBuilder().setData(ByteString.copyFrom(b)).build()),
            WireArbitraries.bytes(16)
                .map(b -> Value.newBuilder().setSecret(ByteString.copyFrom(b)).build()),
            Arbitraries.of("CRYPTO_OFFICER", "None", "GcmParams", "AES", "", "HSM_SO", "DAILY")
                .map(s -> Value.newBuilder().setSymbol(s).build()),
            Combinators.combine(Arbitraries.longs(), Arbitraries.integers())
                .as(
                    (s, n) ->
                        Value.newBuilder()
                            .setInstant(Moment.newBuilder().setSeconds(s).setNanos(n))
                            .build()),
            Arbitraries.integers()
                .between(-2, 14)
                .map(s -> Value.newBuilder().setSlot(SlotRef.newBuilder().setSlot(s)).build()),
            Combinators.combine(Arbitraries.longs(), WireArbitraries.bytes(8))
                .as(
                    (t, v) ->
                        Value.newBuilder()
                            .setAttributes(
                                AttributeSet.newBuilder()
                                    .addAttributes(
                                        Attribute.newBuilder()
                                            .setType(t)
                                            .setValue(ByteString.copyFrom(v))))
                            .build()),
            Arbitraries.maps(Arbitraries.integers(), Arbitraries.integers())
                .ofMaxSize(3)
                .map(
                    m ->
                        Value.newBuilder()
                            .setPolicies(PolicySet.newBuilder().putAllValues(m))
                            .build()),
            Combinators.combine(
                    Arbitraries.of("RSA", "EC", "Ed25519", "ML-DSA-44", "x"),
                    WireArbitraries.bytes(40))
                .as(
                    (alg, enc) ->
                        Value.newBuilder()
                            .setPublicKey(
                                EncodedKey.newBuilder()
                                    .setAlgorithm(alg)
                                    .setX509(ByteString.copyFrom(enc)))
                            .build()));
    Arbitrary<Value> leaf = Arbitraries.oneOf(leaves);
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Value> inner = value(depth - 1);
    Arbitrary<Value> sequence =
        inner
            .list()
            .ofMaxSize(3)
            .map(l -> Value.newBuilder().setSequence(Sequence.newBuilder().addAllItems(l)).build());
    Arbitrary<Value> composite =
        Combinators.combine(
                Arbitraries.of("", "GcmParams", "None", "IvParams", "Failure", "java.lang.Runtime"),
                inner.list().ofMaxSize(5))
            .as(
                (variant, l) ->
                    Value.newBuilder()
                        .setComposite(
                            Composite.newBuilder().setVariant(variant).addAllComponents(l))
                        .build());
    Arbitrary<Value> entries =
        Combinators.combine(inner, inner)
            .as(
                (k, v) ->
                    Value.newBuilder()
                        .setEntries(
                            Entries.newBuilder()
                                .addEntries(Entry.newBuilder().setKey(k).setValue(v)))
                        .build());
    Arbitrary<Value> mechanism =
        Combinators.combine(Arbitraries.longs(), inner)
            .as(
                (id, p) ->
                    Value.newBuilder()
                        .setMechanism(MechanismValue.newBuilder().setId(id).setParams(p))
                        .build());
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, leaf),
        net.jqwik.api.Tuple.of(1, sequence),
        net.jqwik.api.Tuple.of(1, composite),
        net.jqwik.api.Tuple.of(1, entries),
        net.jqwik.api.Tuple.of(1, mechanism));
  }
}
