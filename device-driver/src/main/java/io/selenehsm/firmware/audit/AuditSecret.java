package io.selenehsm.firmware.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.zip.CRC32C;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Export and import of a log secret between HSMs of one audit domain ({@code audit export} / {@code
 * audit import}).
 *
 * <p>The domain key is PBKDF2-HMAC-SHA256 over the audit domain (the auditor's domain string, or
 * the red iKey's secret on quorum-authenticated devices) with a random 16-byte salt, giving an
 * AES-256 key. The payload {@code secret(32) || CRC-32C(secret || UTF8(serial))} (checksum
 * big-endian) is wrapped with AES key wrap with padding (RFC 5649, {@code AES/KWP/NoPadding}), 48
 * bytes in all. A wrong domain or a damaged file fails the key wrap's integrity check; the checksum
 * additionally binds the source serial written in clear in the file.
 *
 * <p>File format (text, UTF-8):
 *
 * <pre>
 * selene-audit-secret 1
 * serial 150112
 * kdf pbkdf2-hmac-sha256 100000 &lt;salt, 32 hex&gt;
 * wrapped &lt;96 hex&gt;
 * </pre>
 */
public final class AuditSecret {
  public static final int DEFAULT_ITERATIONS = 100_000;
  private static final int MIN_ITERATIONS = 1_000;
  private static final int MAX_ITERATIONS = 10_000_000;
  private static final int SALT_LENGTH = 16;
  private static final String MAGIC = "selene-audit-secret 1";
  private static final String KDF = "pbkdf2-hmac-sha256";
  private static final String KWP = "AES/KWP/NoPadding";

  /** A secret read back from an export file, with the serial of the HSM that made it. */
  public record Imported(String hsmSerial, LogSecret secret) {}

  private AuditSecret() {}

  /** The domain bytes of a password-authenticated auditor's domain string. */
  public static byte[] domainOf(String domain) {
    if (domain.isEmpty()) {
      throw new IllegalArgumentException("The audit domain is empty");
    }
    return domain.getBytes(UTF_8);
  }

  public static String export(
      LogSecret secret, String hsmSerial, byte[] domain, SecureRandom random) {
    return export(secret, hsmSerial, domain, random, DEFAULT_ITERATIONS);
  }

  static String export(
      LogSecret secret, String hsmSerial, byte[] domain, SecureRandom random, int iterations) {
    if (!AuditEntry.TOKEN.matcher(hsmSerial).matches()) {
      throw new IllegalArgumentException("Bad HSM serial '" + hsmSerial + "'");
    }
    byte[] salt = new byte[SALT_LENGTH];
    random.nextBytes(salt);
    byte[] raw = secret.encoded();
    byte[] payload =
        ByteBuffer.allocate(raw.length + 4).put(raw).putInt(checksum(raw, hsmSerial)).array();
    byte[] wrapped;
    try {
      Cipher c = SoftwareProviders.cipher(KWP);
      c.init(Cipher.ENCRYPT_MODE, domainKey(domain, salt, iterations));
      wrapped = c.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/KWP is a JDK 17 algorithm", e);
    } finally {
      Arrays.fill(raw, (byte) 0);
      Arrays.fill(payload, (byte) 0);
    }
    return MAGIC
        + "\n"
        + "serial "
        + hsmSerial
        + "\n"
        + "kdf "
        + KDF
        + " "
        + iterations
        + " "
        + Hex.encode(salt)
        + "\n"
        + "wrapped "
        + Hex.encode(wrapped)
        + "\n";
  }

  /**
   * Unwraps an export file.
   *
   * @throws HsmException {@code CKR_DATA_INVALID} for a file that is not an export file; {@code
   *     CKR_WRAPPED_KEY_INVALID} when it was made under another audit domain or was damaged
   */
  public static Imported importWrapped(String file, byte[] domain) throws HsmException {
    String serial;
    int iterations;
    byte[] salt;
    byte[] wrapped;
    try {
      String[] l = AuditVerifier.splitLines(file).toArray(new String[0]);
      String[] kdf = l.length == 4 ? field(l[2], "kdf").split(" ", -1) : new String[0];
      if (!l[0].equals(MAGIC) || kdf.length != 3 || !kdf[0].equals(KDF)) {
        throw new IllegalArgumentException("not a Selene audit secret file");
      }
      serial = field(l[1], "serial");
      if (!AuditEntry.TOKEN.matcher(serial).matches()) {
        throw new IllegalArgumentException("bad serial");
      }
      iterations = Integer.parseInt(kdf[1]);
      if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
        throw new IllegalArgumentException("iteration count " + iterations + " out of range");
      }
      salt = Hex.decode(kdf[2]);
      wrapped = Hex.decode(field(l[3], "wrapped"));
      if (salt.length != SALT_LENGTH) {
        throw new IllegalArgumentException("bad salt length");
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw new HsmException(Ckr.DATA_INVALID, "Malformed audit secret file: " + e.getMessage());
    }
    byte[] payload;
    try {
      Cipher c = SoftwareProviders.cipher(KWP);
      c.init(Cipher.DECRYPT_MODE, domainKey(domain, salt, iterations));
      payload = c.doFinal(wrapped);
    } catch (GeneralSecurityException e) {
      throw new HsmException(
          Ckr.WRAPPED_KEY_INVALID,
          "The audit secret of HSM "
              + serial
              + " cannot be unwrapped: it was exported under another audit domain, or the file is"
              + " damaged");
    }
    try {
      if (payload.length != LogSecret.LENGTH + 4) {
        throw badChecksum(serial);
      }
      byte[] raw = Arrays.copyOf(payload, LogSecret.LENGTH);
      int stored = ByteBuffer.wrap(payload, LogSecret.LENGTH, 4).getInt();
      if (stored != checksum(raw, serial)) {
        throw badChecksum(serial);
      }
      return new Imported(serial, LogSecret.fromEncoded(raw));
    } finally {
      Arrays.fill(payload, (byte) 0);
    }
  }

  private static HsmException badChecksum(String serial) {
    return new HsmException(
        Ckr.WRAPPED_KEY_INVALID,
        "The audit secret file claims HSM " + serial + " but its checksum does not match");
  }

  private static String field(String line, String key) {
    if (!line.startsWith(key + " ")) {
      throw new IllegalArgumentException("expected '" + key + "' line");
    }
    return line.substring(key.length() + 1);
  }

  private static int checksum(byte[] secret, String serial) {
    CRC32C crc = new CRC32C();
    crc.update(secret);
    crc.update(serial.getBytes(UTF_8));
    return (int) crc.getValue();
  }

  private static SecretKeySpec domainKey(byte[] domain, byte[] salt, int iterations) {
    PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
    gen.init(domain, salt, iterations);
    byte[] k = ((KeyParameter) gen.generateDerivedParameters(256)).getKey();
    try {
      return new SecretKeySpec(k, "AES");
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }
}
