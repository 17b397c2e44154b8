package io.selenehsm.firmware.audit;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.selenehsm.firmware.mech.SoftwareProviders;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-HSM 256-bit key that chains audit records together with HMAC-SHA256. Created once per
 * device and kept in its non-volatile store; the bytes leave this class only wrapped ({@link
 * AuditSecret}) or as an encoding for the engine's sealed store.
 */
public final class LogSecret {
  public static final int LENGTH = 32;
  private static final String HMAC = "HmacSHA256";

  private final byte[] key;

  private LogSecret(byte[] key) {
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("A log secret is " + LENGTH + " bytes; got " + key.length);
    }
    this.key = key.clone();
  }

  public static LogSecret generate(SecureRandom random) {
    byte[] k = new byte[LENGTH];
    random.nextBytes(k);
    return new LogSecret(k);
  }

  /** Rebuilds a secret from {@link #encoded()}, e.g. when the engine reloads its store. */
  public static LogSecret fromEncoded(byte[] encoded) {
    return new LogSecret(encoded);
  }

  /** The raw key, for the engine's sealed (KEK-encrypted) store only. */
  public byte[] encoded() {
    return key.clone();
  }

  /** A fresh MAC for this secret; callers that MAC many records reuse one. */
  Mac newMac() {
    try {
      Mac mac = SoftwareProviders.mac(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is a mandatory JDK algorithm", e);
    }
  }

  /** HMAC-SHA256 of {@code message || previousHmac}. */
  static byte[] chainHmac(Mac mac, byte[] message, byte[] previousHmac) {
    mac.update(message);
    mac.update(previousHmac);
    return mac.doFinal();
  }

  /** A short, non-secret identifier for status output: the first 8 bytes of HMAC(key, label). */
  public String fingerprint() {
    byte[] tag = newMac().doFinal("selene audit secret fingerprint".getBytes(US_ASCII));
    return Hex.encode(Arrays.copyOf(tag, 8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogSecret && MessageDigest.isEqual(key, ((LogSecret) o).key);
  }

  @Override
  public int hashCode() {
    return fingerprint().hashCode();
  }

  @Override
  public String toString() {
    return "LogSecret[" + fingerprint() + "]";
  }
}
