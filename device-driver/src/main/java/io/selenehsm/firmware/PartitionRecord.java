package io.selenehsm.firmware;

import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.role.Credential;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.sks.SmkSlots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * An application partition's persistent state: label and domain once initialized, role
 * credentials, partition policies (policy 41 holds the V0/V1 version) and the SKS Master Keys.
 * Immutable; stored under {@code part/<id>}. A record built without SMKs (every init) has none:
 * re-initializing a partition destroys its SMKs with its objects.
 */
record PartitionRecord(int id, String label, byte[] domain, Map<Role, Credential> roles,
    PolicyValues policies, long createdMillis, SmkSlots smks) {

  PartitionRecord(int id, String label, byte[] domain, Map<Role, Credential> roles,
      PolicyValues policies, long createdMillis) {
    this(id, label, domain, roles, policies, createdMillis, SmkSlots.empty());
  }

  static String key(int id) {
    return "part/" + id;
  }

  PartitionRecord {
    roles = Collections.unmodifiableMap(roles.isEmpty() ? new EnumMap<>(Role.class)
        : new EnumMap<>(roles));
    smks = smks == null ? SmkSlots.empty() : smks;
  }

  boolean initialized() {
    return label != null && roles.containsKey(Role.PARTITION_SO);
  }

  int version() {
    return policies.get(PartitionPolicies.PARTITION_VERSION);
  }

  Credential credential(Role r) {
    return roles.get(r);
  }

  PartitionRecord withRole(Role r, Credential c) {
    EnumMap<Role, Credential> m = new EnumMap<>(Role.class);
    m.putAll(roles);
    if (c == null) {
      m.remove(r);
    } else {
      m.put(r, c);
    }
    return new PartitionRecord(id, label, domain, m, policies, createdMillis, smks);
  }

  PartitionRecord withPolicies(PolicyValues p) {
    return new PartitionRecord(id, label, domain, roles, p, createdMillis, smks);
  }

  PartitionRecord withSmks(SmkSlots s) {
    return new PartitionRecord(id, label, domain, roles, policies, createdMillis, s);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(id);
      DeviceRecord.writeString(out, label);
      DeviceRecord.writeBytes(out, domain);
      out.writeInt(roles.size());
      for (Map.Entry<Role, Credential> e : roles.entrySet()) {
        out.writeUTF(e.getKey().name());
        e.getValue().write(out);
      }
      policies.write(out);
      out.writeLong(createdMillis);
      // Appended after the original fields: records written before SKS simply end here.
      if (!smks.isEmpty()) {
        smks.write(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static PartitionRecord decode(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    if (in.readByte() != 1) {
      throw new IOException("unknown partition record version");
    }
    int id = in.readInt();
    String label = DeviceRecord.readString(in);
    byte[] domain = DeviceRecord.readBytes(in);
    int n = in.readInt();
    if (n < 0 || n > Role.values().length) {
      throw new IOException("role count " + n + " out of range");
    }
    EnumMap<Role, Credential> roles = new EnumMap<>(Role.class);
    for (int i = 0; i < n; i++) {
      try {
        roles.put(Role.valueOf(in.readUTF()), Credential.read(in));
      } catch (IllegalArgumentException e) {
        throw new IOException("unknown role in partition record", e);
      }
    }
    PolicyValues policies = PolicyValues.read(in).withDefaults(
        io.selenehsm.firmware.policy.PartitionPolicies.ALL);
    long created = in.readLong();
    SmkSlots smks = in.available() > 0 ? SmkSlots.read(in) : SmkSlots.empty();
    return new PartitionRecord(id, label, domain, roles, policies, created, smks);
  }
}
