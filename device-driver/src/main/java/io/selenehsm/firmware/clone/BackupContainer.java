package io.selenehsm.firmware.clone;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backup container on a Backup HSM: the cloning payloads of one partition, filed by OUID (an SMK
 * under a fixed key), plus what the restore rules need to know about where they came from. The
 * Backup HSM never opens the payloads; only a partition of the same domain can. Immutable.
 */
public final class BackupContainer {
  /** The filing key of a V1 partition's SMK. */
  public static final String SMK_ENTRY = "smk";

  private static final int FORMAT = 1;

  private final String name;
  private final PartitionKind sourceKind;
  private final FirmwareVersion sourceFirmware;
  private final int protocol;
  private final String sourcePartitionSerial;
  private final byte[] domainFingerprint;
  private final long createdMillis;
  private final long updatedMillis;
  private final Map<String, byte[]> items;

  public BackupContainer(
      String name,
      PartitionKind sourceKind,
      FirmwareVersion sourceFirmware,
      int protocol,
      String sourcePartitionSerial,
      byte[] domainFingerprint,
      long createdMillis,
      long updatedMillis,
      Map<String, byte[]> items) {
    this.name = name;
    this.sourceKind = sourceKind;
    this.sourceFirmware = sourceFirmware;
    this.protocol = protocol;
    this.sourcePartitionSerial = sourcePartitionSerial;
    this.domainFingerprint = domainFingerprint.clone();
    this.createdMillis = createdMillis;
    this.updatedMillis = updatedMillis;
    this.items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
  }

  /** The filing key of a payload: its OUID in hex, or {@link #SMK_ENTRY}. */
  public static String entryKey(CloningPayload p) {
    return p.kind() == PayloadKind.SMK ? SMK_ENTRY : HexFormat.of().formatHex(p.ouid());
  }

  public String name() {
    return name;
  }

  public PartitionKind sourceKind() {
    return sourceKind;
  }

  public FirmwareVersion sourceFirmware() {
    return sourceFirmware;
  }

  public int protocol() {
    return protocol;
  }

  public byte[] domainFingerprint() {
    return domainFingerprint.clone();
  }

  public Map<String, byte[]> items() {
    return items;
  }

  public List<byte[]> payloads() {
    List<byte[]> out = new ArrayList<>();
    items.values().forEach(v -> out.add(v.clone()));
    return out;
  }

  /** This container with {@code added} filed as well, and a new update time. */
  public BackupContainer with(Map<String, byte[]> added, long nowMillis) {
    Map<String, byte[]> m = new LinkedHashMap<>(items);
    m.putAll(added);
    return new BackupContainer(
        name,
        sourceKind,
        sourceFirmware,
        protocol,
        sourcePartitionSerial,
        domainFingerprint,
        createdMillis,
        nowMillis,
        m);
  }

  public BackupContainerInfo info() {
    return new BackupContainerInfo(
        name,
        sourceKind,
        sourceFirmware,
        protocol,
        sourcePartitionSerial,
        items.size(),
        createdMillis,
        updatedMillis);
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeUTF(name);
      out.writeByte(sourceKind.code());
      out.writeByte(sourceFirmware.major());
      out.writeByte(sourceFirmware.minor());
      out.writeByte(sourceFirmware.sub());
      out.writeByte(protocol);
      out.writeUTF(sourcePartitionSerial);
      out.writeInt(domainFingerprint.length);
      out.write(domainFingerprint);
      out.writeLong(createdMillis);
      out.writeLong(updatedMillis);
      out.writeInt(items.size());
      for (Map.Entry<String, byte[]> e : items.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static BackupContainer decode(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    if (in.readByte() != FORMAT) {
      throw new IOException("unknown backup container format");
    }
    String name = in.readUTF();
    PartitionKind kind;
    try {
      kind = PartitionKind.ofCode(in.readUnsignedByte());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    FirmwareVersion fw =
        new FirmwareVersion(in.readUnsignedByte(), in.readUnsignedByte(), in.readUnsignedByte());
    int protocol = in.readUnsignedByte();
    String serial = in.readUTF();
    byte[] fp = readBytes(in, 64);
    long created = in.readLong();
    long updated = in.readLong();
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative item count");
    }
    Map<String, byte[]> items = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      items.put(in.readUTF(), readBytes(in, 1 << 24));
    }
    return new BackupContainer(name, kind, fw, protocol, serial, fp, created, updated, items);
  }

  private static byte[] readBytes(DataInputStream in, int max) throws IOException {
    int len = in.readInt();
    if (len < 0 || len > max) {
      throw new IOException("field length " + len + " out of range");
    }
    byte[] b = new byte[len];
    in.readFully(b);
    return b;
  }
}
