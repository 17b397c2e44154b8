package io.selenehsm.sks;

import io.selenehsm.firmware.mech.SoftwareProviders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored form of an entry: version 1, alias, OUID, algorithm, creation millis, blob, chain,
 * then a SHA-256 digest of all that, so a damaged record is detected rather than returned.
 */
final class BlobEntryCodec {
  private static final int VERSION = 1;
  private static final int DIGEST_BYTES = 32;

  private BlobEntryCodec() {}

  static byte[] encode(BlobEntry e) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(e.blob().length + 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(e.alias());
      writeBytes(out, e.ouid());
      out.writeUTF(e.algorithm());
      out.writeLong(e.created().toEpochMilli());
      writeBytes(out, e.blob());
      out.writeByte(e.certificateChain().size());
      for (byte[] cert : e.certificateChain()) {
        writeBytes(out, cert);
      }
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    byte[] body = bytes.toByteArray();
    byte[] record = Arrays.copyOf(body, body.length + DIGEST_BYTES);
    System.arraycopy(sha256(body, body.length), 0, record, body.length, DIGEST_BYTES);
    return record;
  }

  /** Decodes and verifies a record; {@code where} names it in the error. */
  static BlobEntry decode(byte[] record, String where) {
    if (record == null || record.length <= DIGEST_BYTES) {
      throw new BlobStoreException(where + " is corrupt: record too short");
    }
    int body = record.length - DIGEST_BYTES;
    if (!MessageDigest.isEqual(
        sha256(record, body), Arrays.copyOfRange(record, body, record.length))) {
      throw new BlobStoreException(where + " is corrupt: its SHA-256 digest does not match");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record, 0, body))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new BlobStoreException(where + " has unknown record version " + version);
      }
      String alias = in.readUTF();
      byte[] ouid = readBytes(in);
      String algorithm = in.readUTF();
      Instant created = Instant.ofEpochMilli(in.readLong());
      byte[] blob = readBytes(in);
      int n = in.readUnsignedByte();
      List<byte[]> chain = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        chain.add(readBytes(in));
      }
      return new BlobEntry(alias, blob, chain, ouid, algorithm, created);
    } catch (IOException | IllegalArgumentException x) {
      throw new BlobStoreException(where + " is corrupt: " + x.getMessage(), x);
    }
  }

  static byte[] encodeChain(List<byte[]> chain) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(chain.size());
      for (byte[] c : chain) {
        writeBytes(out, c);
      }
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return bytes.toByteArray();
  }

  static List<byte[]> decodeChain(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    int n = in.readUnsignedByte();
    List<byte[]> chain = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      chain.add(readBytes(in));
    }
    if (in.available() != 0) {
      throw new IOException("trailing bytes after the certificate chain");
    }
    return chain;
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > (1 << 20)) {
      throw new IOException("field length " + n + " out of range");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  static byte[] sha256(byte[] data, int length) {
    try {
      MessageDigest d = SoftwareProviders.digest("SHA-256");
      d.update(data, 0, length);
      return d.digest();
    } catch (NoSuchAlgorithmException x) {
      throw new IllegalStateException("SHA-256 unavailable", x);
    }
  }
}
