package io.selenehsm.server.wire;

import com.google.protobuf.UnsafeByteOperations;
import io.selenehsm.firmware.audit.AuditConfig;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.MechanismParams;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Codecs of the engine's value classes that are no records: attribute sets, mechanisms, policy
 * values and the audit configuration. Each is rebuilt through the class's own factory, so its
 * checks run on the receiving side too.
 */
final class EngineValueCodecs {
  private EngineValueCodecs() {}

  /** {@link Attributes}: type and raw value of each; nested templates are raw bytes already. */
  static final ValueCodec ATTRIBUTES =
      new ValueCodec() {
        @Override
        public Value encode(Object value, SlotRefs refs) {
          AttributeSet.Builder set = AttributeSet.newBuilder();
          // forEach hands out copies, so the message may own them without another copy.
          ((Attributes) value)
              .forEach(
                  (type, raw) ->
                      set.addAttributes(
                          Attribute.newBuilder()
                              .setType(type)
                              .setValue(UnsafeByteOperations.unsafeWrap(raw))));
          return Value.newBuilder().setAttributes(set).build();
        }

        @Override
        public Object decode(Value value, SlotResolver slots) throws HsmException {
          if (!value.hasAttributes()) {
            throw WireErrors.expected("attributes", value);
          }
          Attributes.Builder b = Attributes.builder();
          for (Attribute a : value.getAttributes().getAttributesList()) {
            if (b.has(a.getType())) {
              throw WireErrors.bad(
                  "attribute 0x" + Long.toHexString(a.getType()) + " is given twice");
            }
            b.set(a.getType(), a.getValue().toByteArray());
          }
          return b.build();
        }
      };

  /** {@link Mechanism}: its id and parameters, rebuilt by {@link Mechanism#of} (validated). */
  static final ValueCodec MECHANISM =
      new ValueCodec() {
        private final ValueCodec params = ValueCodec.forType(MechanismParams.class);

        @Override
        public Value encode(Object value, SlotRefs refs) throws HsmException {
          Mechanism m = (Mechanism) value;
          MechanismValue.Builder b = MechanismValue.newBuilder().setId(m.id());
          // Most mechanisms take no parameters: those travel as nothing at all.
          b.setParams(m.hasParams() ? params.encode(m.params(), refs) : NullableCodec.NONE);
          return Value.newBuilder().setMechanism(b).build();
        }

        @Override
        public Object decode(Value value, SlotResolver slots) throws HsmException {
          if (!value.hasMechanism()) {
            throw WireErrors.expected("mechanism", value);
          }
          MechanismValue m = value.getMechanism();
          MechanismParams p;
          try {
            p = (MechanismParams) params.decode(m.getParams(), slots);
          } catch (HsmException e) {
            throw WireErrors.within("mechanism parameters", e);
          }
          try {
            return Mechanism.of(m.getId(), p);
          } catch (HsmException e) {
            throw WireErrors.bad(
                "mechanism 0x" + Long.toHexString(m.getId()) + " refused: " + e.detail());
          }
        }
      };

  /** {@link PolicyValues}: the values by policy id, rebuilt through the class's reader. */
  static final ValueCodec POLICIES =
      new ValueCodec() {
        @Override
        public Value encode(Object value, SlotRefs refs) {
          return Value.newBuilder()
              .setPolicies(PolicySet.newBuilder().putAllValues(((PolicyValues) value).asMap()))
              .build();
        }

        @Override
        public Object decode(Value value, SlotResolver slots) throws HsmException {
          if (!value.hasPolicies()) {
            throw WireErrors.expected("policies", value);
          }
          Map<Integer, Integer> map = value.getPolicies().getValuesMap();
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 + 8 * map.size());
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(map.size());
            for (Map.Entry<Integer, Integer> e : map.entrySet()) {
              out.writeInt(e.getKey());
              out.writeInt(e.getValue());
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
          }
          try {
            return PolicyValues.read(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
          } catch (IOException e) {
            throw WireErrors.bad("policy values refused: " + e.getMessage());
          }
        }
      };

  /** {@link AuditConfig}: its text form, which {@link AuditConfig#parse} reads back. */
  static final ValueCodec AUDIT_CONFIG =
      new ValueCodec() {
        @Override
        public Value encode(Object value, SlotRefs refs) throws HsmException {
          AuditConfig config = (AuditConfig) value;
          String text = config.format();
          // A path the text form cannot hold (a line break, edge blanks) must not change silently.
          if (!AuditConfig.parse(text).equals(config)) {
            throw WireErrors.bad("audit configuration does not survive its text form: " + text);
          }
          return Value.newBuilder().setText(ScalarCodecs.wellFormed(text)).build();
        }

        @Override
        public Object decode(Value value, SlotResolver slots) throws HsmException {
          if (!value.hasText()) {
            throw WireErrors.expected("text (an audit configuration)", value);
          }
          try {
            return AuditConfig.parse(value.getText());
          } catch (HsmException e) {
            throw WireErrors.bad("audit configuration refused: " + e.detail());
          }
        }
      };
}
