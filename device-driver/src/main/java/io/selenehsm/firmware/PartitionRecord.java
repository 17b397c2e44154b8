package io.selenehsm.firmware;

import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Credential;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.sks.SmkSlots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * An application partition's persistent state: label and domain once initialized, role credentials,
 * partition policies (policy 41 holds the V0/V1 version) and the SKS Master Keys. Immutable; stored
 * under {@code part/<id>}. A record built without SMKs (every init) has none: re-initializing a
 * partition destroys its SMKs with its objects.
 *
 * <p>The SMKs are sealed under the partition key ({@link PartitionKey}) at rest. A record read from
 * flash before any role has logged in keeps them as {@code sealedSmks} (re-written as they are
 * while the partition stays locked) and shows {@code smks} empty; unlocking opens them.
 */
record PartitionRecord(
    int id,
    String label,
    byte[] domain,
    Map<Role, Credential> roles,
    PolicyValues policies,
    long createdMillis,
    SmkSlots smks,
    byte[] sealedSmks) {

  /** Record format 2: credentials carry wrapped partition keys, SMKs are sealed. */
  static final int FORMAT = 2;

  PartitionRecord(
      int id,
      String label,
      byte[] domain,
      Map<Role, Credential> roles,
      PolicyValues policies,
      long createdMillis) {
    this(id, label, domain, roles, policies, createdMillis, SmkSlots.empty(), null);
  }

  static String key(int id) {
    return "part/" + id;
  }

  PartitionRecord {
    roles =
        Collections.unmodifiableMap(
            roles.isEmpty() ? new EnumMap<>(Role.class) : new EnumMap<>(roles));
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
    return new PartitionRecord(id, label, domain, m, policies, createdMillis, smks, sealedSmks);
  }

  PartitionRecord withPolicies(PolicyValues p) {
    return new PartitionRecord(id, label, domain, roles, p, createdMillis, smks, sealedSmks);
  }

  /** The record as a locked partition holds it: SMKs only in their sealed form. */
  PartitionRecord withSealedSmks(byte[] sealed) {
    return new PartitionRecord(id, label, domain, roles, policies, createdMillis, smks, sealed);
  }

  PartitionRecord withSmks(SmkSlots s) {
    return new PartitionRecord(id, label, domain, roles, policies, createdMillis, s, sealedSmks);
  }

  /** The record opened with the partition key: its SMKs readable. */
  PartitionRecord unlocked(byte[] pok) throws HsmException {
    if (sealedSmks == null) {
      return this;
    }
    byte[] plain = PartitionKey.openSmks(sealedSmks, pok);
    try {
      return withSmks(SmkSlots.read(new DataInputStream(new ByteArrayInputStream(plain))));
    } catch (IOException e) {
      throw new HsmException(
          Ckr.DATA_INVALID,
          "the sealed SMKs of partition " + id + " do not decode: " + e.getMessage(),
          e);
    }
  }

  /**
   * The flash form. With {@code pok} the SMKs are sealed afresh; without it (a locked partition)
   * the sealed SMKs read from flash are written back unchanged.
   */
  byte[] encode(byte[] pok, SecureRandom random) throws HsmException {
    byte[] smkBox = null;
    if (pok != null && !smks.isEmpty()) {
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(plain)) {
        smks.write(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      smkBox = PartitionKey.sealSmks(plain.toByteArray(), pok, random);
    } else if (pok == null && !smks.isEmpty() && sealedSmks == null) {
      throw PartitionKey.notActivated(id);
    } else if (pok == null) {
      smkBox = sealedSmks;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
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
      DeviceRecord.writeBytes(out, smkBox);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static PartitionRecord decode(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    int format = in.readByte();
    if (format != FORMAT) {
      throw new IOException("unknown partition record format " + format);
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
    PolicyValues policies =
        PolicyValues.read(in).withDefaults(io.selenehsm.firmware.policy.PartitionPolicies.ALL);
    long created = in.readLong();
    byte[] sealed = DeviceRecord.readBytes(in);
    return new PartitionRecord(
        id, label, domain, roles, policies, created, SmkSlots.empty(), sealed);
  }
}
