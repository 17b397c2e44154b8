package io.selenehsm.firmware.role;

import io.selenehsm.firmware.mech.SoftwareProviders;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * A role's stored secret and its login state: salt, verifier, the partition key wrapped for this
 * role, consecutive failures, lockout, and whether the secret must be changed before the role may
 * do anything else. Immutable; each change produces a new credential the engine commits.
 *
 * <p>One Argon2id run over the secret gives a 32-byte master value; the stored verifier and the key
 * that wraps the partition key (POK) are two HMAC-SHA256 outputs of it under different labels, so a
 * login costs one KDF run and the verifier reveals nothing about the wrapping key. The credential
 * itself is stored in records sealed under the device KEK.
 */
public record Credential(
    byte[] salt,
    byte[] hash,
    PasswordHasher.Cost cost,
    int failures,
    boolean mustChange,
    boolean lockedOut,
    long lockedUntilMillis,
    byte[] wrappedPok) {

  private static final byte[] VERIFY = "Selene role verifier".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] WRAP = "Selene POK wrapping".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE = 12;

  /** What a secret opens: whether it is right, and the partition key when the role has one. */
  public record Unlock(boolean verified, byte[] pok) {
    static final Unlock REFUSED = new Unlock(false, null);
  }

  public Credential(
      byte[] salt,
      byte[] hash,
      PasswordHasher.Cost cost,
      int failures,
      boolean mustChange,
      boolean lockedOut,
      long lockedUntilMillis) {
    this(salt, hash, cost, failures, mustChange, lockedOut, lockedUntilMillis, null);
  }

  /** A credential without a partition key (HSM SO, Auditor, quorum challenges). */
  public static Credential create(
      char[] password, PasswordHasher.Cost cost, boolean mustChange, SecureRandom random) {
    return create(password, cost, mustChange, random, null);
  }

  /** A credential that also carries {@code pok} (may be null) wrapped under the secret. */
  public static Credential create(
      char[] password,
      PasswordHasher.Cost cost,
      boolean mustChange,
      SecureRandom random,
      byte[] pok) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] master = PasswordHasher.hash(password, salt, cost);
    try {
      byte[] wrapped = null;
      if (pok != null) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        byte[] box = gcm(Cipher.ENCRYPT_MODE, hmac(master, WRAP), nonce, pok);
        wrapped = ByteBuffer.allocate(NONCE + box.length).put(nonce).put(box).array();
      }
      return new Credential(salt, hmac(master, VERIFY), cost, 0, mustChange, false, 0, wrapped);
    } finally {
      Arrays.fill(master, (byte) 0);
    }
  }

  public boolean verify(char[] password) {
    return unlock(password).verified();
  }

  /** Checks the secret with one KDF run and, when right, unwraps the partition key. */
  public Unlock unlock(char[] password) {
    byte[] master = PasswordHasher.hash(password, salt, cost);
    try {
      if (!MessageDigest.isEqual(hmac(master, VERIFY), hash)) {
        return Unlock.REFUSED;
      }
      if (wrappedPok == null) {
        return new Unlock(true, null);
      }
      byte[] pok =
          gcm(
              Cipher.DECRYPT_MODE,
              hmac(master, WRAP),
              Arrays.copyOf(wrappedPok, NONCE),
              Arrays.copyOfRange(wrappedPok, NONCE, wrappedPok.length));
      return pok == null ? Unlock.REFUSED : new Unlock(true, pok);
    } finally {
      Arrays.fill(master, (byte) 0);
    }
  }

  public boolean hasPok() {
    return wrappedPok != null;
  }

  public Credential withFailure() {
    return new Credential(
        salt, hash, cost, failures + 1, mustChange, lockedOut, lockedUntilMillis, wrappedPok);
  }

  public Credential withSuccess() {
    return new Credential(salt, hash, cost, 0, mustChange, false, 0, wrappedPok);
  }

  public Credential withLockout() {
    return new Credential(salt, hash, cost, failures, mustChange, true, 0, wrappedPok);
  }

  public Credential lockedUntil(long millis) {
    return new Credential(salt, hash, cost, 0, mustChange, false, millis, wrappedPok);
  }

  public void write(DataOutputStream out) throws IOException {
    out.writeByte(salt.length);
    out.write(salt);
    out.writeByte(hash.length);
    out.write(hash);
    out.writeInt(cost.memoryKiB());
    out.writeInt(cost.iterations());
    out.writeInt(cost.parallelism());
    out.writeInt(failures);
    out.writeBoolean(mustChange);
    out.writeBoolean(lockedOut);
    out.writeLong(lockedUntilMillis);
    out.writeByte(wrappedPok == null ? 0 : wrappedPok.length);
    if (wrappedPok != null) {
      out.write(wrappedPok);
    }
  }

  public static Credential read(DataInputStream in) throws IOException {
    byte[] salt = new byte[in.readUnsignedByte()];
    in.readFully(salt);
    byte[] hash = new byte[in.readUnsignedByte()];
    in.readFully(hash);
    PasswordHasher.Cost cost = new PasswordHasher.Cost(in.readInt(), in.readInt(), in.readInt());
    int failures = in.readInt();
    boolean mustChange = in.readBoolean();
    boolean lockedOut = in.readBoolean();
    long lockedUntil = in.readLong();
    int n = in.readUnsignedByte();
    byte[] wrapped = null;
    if (n > 0) {
      wrapped = new byte[n];
      in.readFully(wrapped);
    }
    return new Credential(salt, hash, cost, failures, mustChange, lockedOut, lockedUntil, wrapped);
  }

  private static byte[] hmac(byte[] key, byte[] label) {
    try {
      Mac mac = SoftwareProviders.mac("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(label);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  /** AES-256-GCM; null when the tag does not verify. */
  private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] in) {
    try {
      Cipher c = SoftwareProviders.cipher("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(WRAP);
      return c.doFinal(in);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "Credential{failures="
        + failures
        + ", mustChange="
        + mustChange
        + ", lockedOut="
        + lockedOut
        + ", pok="
        + (wrappedPok != null)
        + "}";
  }
}
