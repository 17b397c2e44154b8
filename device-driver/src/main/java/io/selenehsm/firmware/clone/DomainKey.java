package io.selenehsm.firmware.clone;

import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key a cloning domain derives, with HKDF-SHA256 (RFC 5869) over the domain string
 * recorded when the partition was initialized. Two partitions can exchange cloning payloads exactly
 * when their domains derive the same key. The fingerprint (eight bytes of an HMAC under the key)
 * rides in payload headers, so a target of another domain says so plainly instead of failing a tag
 * check, and the HA router can compare members without seeing the domain.
 */
public final class DomainKey {
  private static final byte[] SALT =
      "Selene cloning domain, protocol 4".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INFO_KEY = "payload key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INFO_FINGERPRINT = "fingerprint".getBytes(StandardCharsets.US_ASCII);
  public static final int FINGERPRINT_LENGTH = 8;

  private final byte[] key;
  private final byte[] fingerprint;

  private DomainKey(byte[] key, byte[] fingerprint) {
    this.key = key;
    this.fingerprint = fingerprint;
  }

  /** Derives the key of {@code domain} (the bytes recorded at partition init). */
  public static DomainKey derive(byte[] domain) throws HsmException {
    if (domain == null || domain.length == 0) {
      throw new HsmException(
          Ckr.CLONING_PARAMETER_MISSING,
          "the partition has no cloning domain; initialize it first");
    }
    byte[] prk = hmac(SALT, domain);
    byte[] key = expand(prk, INFO_KEY, 32);
    byte[] fp = Arrays.copyOf(hmac(key, INFO_FINGERPRINT), FINGERPRINT_LENGTH);
    Arrays.fill(prk, (byte) 0);
    return new DomainKey(key, fp);
  }

  /** A copy of the raw key, for the payload cipher. */
  byte[] keyBytes() {
    return key.clone();
  }

  /** HMAC-SHA256 under the domain key over a label and data, for target descriptors. */
  byte[] mac(byte[] label, byte[] data) throws HsmException {
    byte[] in = Arrays.copyOf(label, label.length + data.length);
    System.arraycopy(data, 0, in, label.length, data.length);
    return hmac(key, in);
  }

  public byte[] fingerprint() {
    return fingerprint.clone();
  }

  public boolean hasFingerprint(byte[] other) {
    return MessageDigest.isEqual(fingerprint, other);
  }

  private static byte[] expand(byte[] prk, byte[] info, int length) throws HsmException {
    byte[] out = new byte[length];
    byte[] t = new byte[0];
    int done = 0;
    for (int i = 1; done < length; i++) {
      byte[] in = new byte[t.length + info.length + 1];
      System.arraycopy(t, 0, in, 0, t.length);
      System.arraycopy(info, 0, in, t.length, info.length);
      in[in.length - 1] = (byte) i;
      t = hmac(prk, in);
      int n = Math.min(t.length, length - done);
      System.arraycopy(t, 0, out, done, n);
      done += n;
    }
    return out;
  }

  private static byte[] hmac(byte[] key, byte[] data) throws HsmException {
    try {
      Mac mac = SoftwareProviders.mac("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new HsmException(Ckr.GENERAL_ERROR, "HMAC-SHA256 is unavailable", e);
    }
  }
}
