package io.selenehsm.firmware.role;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.SecureRandom;

/**
 * A role's stored secret and its login state: Argon2id hash and salt, consecutive failures,
 * lockout, and whether the secret must be changed before the role may do anything else.
 * Immutable; each change produces a new credential the engine commits.
 */
public record Credential(byte[] salt, byte[] hash, PasswordHasher.Cost cost, int failures,
    boolean mustChange, boolean lockedOut, long lockedUntilMillis) {

  public static Credential create(char[] password, PasswordHasher.Cost cost, boolean mustChange,
      SecureRandom random) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return new Credential(salt, PasswordHasher.hash(password, salt, cost), cost, 0, mustChange,
        false, 0);
  }

  public boolean verify(char[] password) {
    return PasswordHasher.matches(password, salt, cost, hash);
  }

  public Credential withFailure() {
    return new Credential(salt, hash, cost, failures + 1, mustChange, lockedOut, lockedUntilMillis);
  }

  public Credential withSuccess() {
    return new Credential(salt, hash, cost, 0, mustChange, false, 0);
  }

  public Credential withLockout() {
    return new Credential(salt, hash, cost, failures, mustChange, true, 0);
  }

  public Credential lockedUntil(long millis) {
    return new Credential(salt, hash, cost, 0, mustChange, false, millis);
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
  }

  public static Credential read(DataInputStream in) throws IOException {
    byte[] salt = new byte[in.readUnsignedByte()];
    in.readFully(salt);
    byte[] hash = new byte[in.readUnsignedByte()];
    in.readFully(hash);
    PasswordHasher.Cost cost = new PasswordHasher.Cost(in.readInt(), in.readInt(), in.readInt());
    return new Credential(salt, hash, cost, in.readInt(), in.readBoolean(), in.readBoolean(),
        in.readLong());
  }

  @Override
  public String toString() {
    return "Credential{failures=" + failures + ", mustChange=" + mustChange + ", lockedOut="
        + lockedOut + "}";
  }
}
