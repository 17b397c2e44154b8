package io.selenehsm.firmware.store;

import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An operator-supplied secret kept outside the state directory, under which each device's KEK is
 * stored wrapped. With it a copy of the directory holds only the wrapped KEK, so nothing in the
 * copy (metadata, credentials, the audit secret) can be decrypted without the file.
 *
 * <p>The file holds at least 32 bytes of high-entropy secret (e.g. {@code head -c 32
 * /dev/urandom}); its whole content is the input keying material. The wrapping key is derived with
 * HKDF-SHA256, so one master key file can serve many devices.
 */
public final class MasterKey {
  /** The environment variable naming the master key file. */
  public static final String ENV_VAR = "SELENE_MASTER_KEY_FILE";

  public static final int MIN_BYTES = 32;
  private static final byte[] SALT = "Selene master key v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INFO_WRAP = "device KEK wrapping".getBytes(StandardCharsets.US_ASCII);
  static final byte[] MAGIC = {'S', 'K', 'W', '1'};
  private static final int NONCE = 12;

  /** magic, nonce, wrapped KEK, GCM tag. */
  static final int WRAPPED_BYTES = MAGIC.length + NONCE + DeviceKek.KEK_BYTES + 16;

  private final byte[] wrappingKey;
  private final Path source;

  private MasterKey(byte[] wrappingKey, Path source) {
    this.wrappingKey = wrappingKey;
    this.source = source;
  }

  /** Reads a master key file; a missing, unreadable or short file is refused by name. */
  public static MasterKey fromFile(Path file) throws HsmException {
    byte[] ikm;
    try {
      ikm = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new HsmException(
          Ckr.DEVICE_ERROR,
          "cannot read the master key file "
              + file
              + " ("
              + ENV_VAR
              + " or Misc MasterKeyFile): "
              + e.getMessage(),
          e);
    }
    try {
      if (ikm.length < MIN_BYTES) {
        throw new HsmException(
            Ckr.DEVICE_ERROR,
            "the master key file "
                + file
                + " holds "
                + ikm.length
                + " bytes; it needs at least "
                + MIN_BYTES
                + " random bytes");
      }
      byte[] prk = hmac(SALT, ikm);
      byte[] key = hmac(prk, concat(INFO_WRAP, new byte[] {1}));
      Arrays.fill(prk, (byte) 0);
      return new MasterKey(key, file);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  /** Where the key came from, for messages. */
  public Path source() {
    return source;
  }

  /** magic || nonce || AES-256-GCM(kek), bound to the directory's role as a device KEK. */
  byte[] wrap(byte[] kek, SecureRandom random) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] body = gcm(Cipher.ENCRYPT_MODE, nonce, kek);
    byte[] out = new byte[WRAPPED_BYTES];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    System.arraycopy(nonce, 0, out, MAGIC.length, NONCE);
    System.arraycopy(body, 0, out, MAGIC.length + NONCE, body.length);
    return out;
  }

  /** The KEK, or null when this master key is not the one the KEK was wrapped under. */
  byte[] unwrap(byte[] wrapped) {
    byte[] nonce = Arrays.copyOfRange(wrapped, MAGIC.length, MAGIC.length + NONCE);
    byte[] body = Arrays.copyOfRange(wrapped, MAGIC.length + NONCE, wrapped.length);
    try {
      return gcm(Cipher.DECRYPT_MODE, nonce, body);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof AEADBadTagException) {
        return null;
      }
      throw e;
    }
  }

  static boolean isWrapped(byte[] file) {
    return file.length == WRAPPED_BYTES
        && MessageDigest.isEqual(Arrays.copyOf(file, MAGIC.length), MAGIC);
  }

  private byte[] gcm(int mode, byte[] nonce, byte[] in) {
    try {
      Cipher c = SoftwareProviders.cipher("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(wrappingKey, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(MAGIC);
      return c.doFinal(in);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM over the device KEK failed", e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = SoftwareProviders.mac("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public String toString() {
    return "MasterKey{" + source + "}";
  }
}
