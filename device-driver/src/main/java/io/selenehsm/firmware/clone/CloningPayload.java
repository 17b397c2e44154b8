package io.selenehsm.firmware.clone;

import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bytes that travel from a cloning source to a cloning target: an authenticated header and a
 * body sealed with AES-256-GCM under the source domain's {@link DomainKey}, the whole header being
 * the GCM associated data. The header is readable without the key, so a Backup HSM can file
 * payloads by OUID and a target can name the reason it refuses one.
 *
 * <pre>
 * magic "SCP4" | protocol u8 | kind u8 | source kind u8 | source firmware 3 x u8 |
 * OUID 12 bytes (zero for an SMK) | domain fingerprint 8 bytes | nonce 12 bytes | sealed body
 * </pre>
 */
public final class CloningPayload {
  /** The cloning protocol this firmware speaks (the vendor's CPv4). */
  public static final int PROTOCOL = 4;

  private static final byte[] MAGIC = {'S', 'C', 'P', '4'};
  private static final int OUID_LENGTH = 12;
  private static final int NONCE_LENGTH = 12;
  private static final int HEADER_LENGTH =
      MAGIC.length + 3 + 3 + OUID_LENGTH + DomainKey.FINGERPRINT_LENGTH + NONCE_LENGTH;
  private static final int TAG_BITS = 128;

  private final int protocol;
  private final PayloadKind kind;
  private final PartitionKind sourceKind;
  private final FirmwareVersion sourceFirmware;
  private final byte[] ouid;
  private final byte[] domainFingerprint;
  private final byte[] encoded;

  private CloningPayload(
      int protocol,
      PayloadKind kind,
      PartitionKind sourceKind,
      FirmwareVersion sourceFirmware,
      byte[] ouid,
      byte[] domainFingerprint,
      byte[] encoded) {
    this.protocol = protocol;
    this.kind = kind;
    this.sourceKind = sourceKind;
    this.sourceFirmware = sourceFirmware;
    this.ouid = ouid;
    this.domainFingerprint = domainFingerprint;
    this.encoded = encoded;
  }

  /** Seals {@code body} for the domain of {@code key}. */
  public static CloningPayload seal(
      DomainKey key,
      PayloadKind kind,
      PartitionKind sourceKind,
      FirmwareVersion sourceFirmware,
      byte[] ouid,
      byte[] body,
      SecureRandom random)
      throws HsmException {
    byte[] id = ouid == null ? new byte[OUID_LENGTH] : ouid;
    if (id.length != OUID_LENGTH) {
      throw new IllegalArgumentException("an OUID has 12 bytes");
    }
    byte[] nonce = new byte[NONCE_LENGTH];
    random.nextBytes(nonce);
    ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
    header
        .put(MAGIC)
        .put((byte) PROTOCOL)
        .put((byte) kind.code())
        .put((byte) sourceKind.code())
        .put((byte) sourceFirmware.major())
        .put((byte) sourceFirmware.minor())
        .put((byte) sourceFirmware.sub())
        .put(id)
        .put(key.fingerprint())
        .put(nonce);
    byte[] h = header.array();
    byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key, nonce, h, body);
    byte[] out = Arrays.copyOf(h, h.length + sealed.length);
    System.arraycopy(sealed, 0, out, h.length, sealed.length);
    return new CloningPayload(
        PROTOCOL, kind, sourceKind, sourceFirmware, id.clone(), key.fingerprint(), out);
  }

  /** Reads the header of a payload; the body stays sealed until {@link #open}. */
  public static CloningPayload parse(byte[] data) throws HsmException {
    if (data == null
        || data.length < HEADER_LENGTH + TAG_BITS / 8
        || !Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC)) {
      throw new HsmException(Ckr.DATA_INVALID, "not a cloning payload (bad length or magic)");
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    b.position(MAGIC.length);
    int protocol = b.get() & 0xFF;
    if (protocol != PROTOCOL) {
      throw new HsmException(
          Ckr.DATA_INVALID,
          "cloning protocol "
              + protocol
              + " is not supported; this firmware speaks protocol "
              + PROTOCOL);
    }
    try {
      PayloadKind kind = PayloadKind.ofCode(b.get() & 0xFF);
      PartitionKind source = PartitionKind.ofCode(b.get() & 0xFF);
      FirmwareVersion fw = new FirmwareVersion(b.get() & 0xFF, b.get() & 0xFF, b.get() & 0xFF);
      byte[] ouid = new byte[OUID_LENGTH];
      b.get(ouid);
      byte[] fp = new byte[DomainKey.FINGERPRINT_LENGTH];
      b.get(fp);
      return new CloningPayload(protocol, kind, source, fw, ouid, fp, data.clone());
    } catch (IllegalArgumentException e) {
      throw new HsmException(Ckr.DATA_INVALID, "cloning payload header: " + e.getMessage());
    }
  }

  /** Opens the body with the target domain's key; another domain is refused by name. */
  public byte[] open(DomainKey key) throws HsmException {
    if (!key.hasFingerprint(domainFingerprint)) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "the payload was cloned from another"
              + " cloning domain (fingerprint "
              + HexFormat.of().formatHex(domainFingerprint)
              + "); the target partition's domain cannot read it");
    }
    byte[] header = Arrays.copyOf(encoded, HEADER_LENGTH);
    byte[] nonce = Arrays.copyOfRange(header, HEADER_LENGTH - NONCE_LENGTH, HEADER_LENGTH);
    byte[] sealed = Arrays.copyOfRange(encoded, HEADER_LENGTH, encoded.length);
    return gcm(Cipher.DECRYPT_MODE, key, nonce, header, sealed);
  }

  private static byte[] gcm(int mode, DomainKey key, byte[] nonce, byte[] aad, byte[] in)
      throws HsmException {
    byte[] raw = key.keyBytes();
    try {
      Cipher c = SoftwareProviders.cipher("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(raw, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad);
      return c.doFinal(in);
    } catch (AEADBadTagException e) {
      throw new HsmException(
          Ckr.ENCRYPTED_DATA_INVALID,
          "the cloning payload failed its integrity check (altered or truncated)");
    } catch (GeneralSecurityException e) {
      throw new HsmException(Ckr.GENERAL_ERROR, "AES-GCM is unavailable: " + e.getMessage(), e);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  public int protocol() {
    return protocol;
  }

  public PayloadKind kind() {
    return kind;
  }

  public PartitionKind sourceKind() {
    return sourceKind;
  }

  public FirmwareVersion sourceFirmware() {
    return sourceFirmware;
  }

  public byte[] ouid() {
    return ouid.clone();
  }

  public byte[] domainFingerprint() {
    return domainFingerprint.clone();
  }

  public byte[] encoded() {
    return encoded.clone();
  }
}
