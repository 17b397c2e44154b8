package io.selenehsm.firmware;

import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.role.Credential;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The admin partition's persistent state: label, cloning domain, HSM SO and Auditor credentials,
 * HSM policies, lifecycle flags and the hidden STM nonce. Immutable; stored under key {@code hsm}.
 * A {@code null} label/domain/credential means the part does not exist.
 */
record DeviceRecord(
    String label,
    byte[] domain,
    Credential so,
    Credential auditor,
    PolicyValues policies,
    boolean zeroized,
    boolean transportMode,
    byte[] stmNonce,
    boolean rpv,
    String lastTamper) {

  static final String KEY = "hsm";

  boolean initialized() {
    return !zeroized && so != null;
  }

  DeviceRecord withSo(Credential c) {
    return new DeviceRecord(
        label, domain, c, auditor, policies, zeroized, transportMode, stmNonce, rpv, lastTamper);
  }

  DeviceRecord withAuditor(Credential c) {
    return new DeviceRecord(
        label, domain, so, c, policies, zeroized, transportMode, stmNonce, rpv, lastTamper);
  }

  DeviceRecord withPolicies(PolicyValues p) {
    return new DeviceRecord(
        label, domain, so, auditor, p, zeroized, transportMode, stmNonce, rpv, lastTamper);
  }

  DeviceRecord withTransport(boolean stm, byte[] nonce) {
    return new DeviceRecord(
        label, domain, so, auditor, policies, zeroized, stm, nonce, rpv, lastTamper);
  }

  DeviceRecord withTamper(String t) {
    return new DeviceRecord(
        label, domain, so, auditor, policies, zeroized, transportMode, stmNonce, rpv, t);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      writeString(out, label);
      writeBytes(out, domain);
      writeCredential(out, so);
      writeCredential(out, auditor);
      policies.write(out);
      out.writeBoolean(zeroized);
      out.writeBoolean(transportMode);
      writeBytes(out, stmNonce);
      out.writeBoolean(rpv);
      writeString(out, lastTamper);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static DeviceRecord decode(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    if (in.readByte() != 1) {
      throw new IOException("unknown device record version");
    }
    return new DeviceRecord(
        readString(in),
        readBytes(in),
        readCredential(in),
        readCredential(in),
        PolicyValues.read(in),
        in.readBoolean(),
        in.readBoolean(),
        readBytes(in),
        in.readBoolean(),
        readString(in));
  }

  static void writeString(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  static String readString(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
  }

  static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < -1 || n > (1 << 20)) {
      throw new IOException("byte field length " + n + " out of range");
    }
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  static void writeCredential(DataOutputStream out, Credential c) throws IOException {
    out.writeBoolean(c != null);
    if (c != null) {
      c.write(out);
    }
  }

  static Credential readCredential(DataInputStream in) throws IOException {
    return in.readBoolean() ? Credential.read(in) : null;
  }

  @Override
  public String toString() {
    return "DeviceRecord{label="
        + label
        + ", initialized="
        + initialized()
        + ", stm="
        + transportMode
        + "}";
  }
}
