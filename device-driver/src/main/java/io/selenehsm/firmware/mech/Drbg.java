package io.selenehsm.firmware.mech;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.prng.EntropySourceProvider;
import org.bouncycastle.crypto.prng.SP800SecureRandom;
import org.bouncycastle.crypto.prng.SP800SecureRandomBuilder;

/**
 * The device's NIST SP 800-90A DRBG (HMAC_DRBG with SHA-512 or CTR_DRBG with AES-256), from Bouncy
 * Castle, seeded from the operating system. Thread-safe (BC's SP800SecureRandom synchronises
 * generate and reseed). It feeds key generation, generated IVs and C_GenerateRandom; signature
 * nonces come from the signing provider's own DRBG so that signing takes no shared lock.
 */
public final class Drbg {
  private static final byte[] PERSONALIZATION =
      "Selene HSM DRBG".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Bytes of DRBG output per thread for public values ({@link #generatePublic}); one request
   * refills it.
   */
  static final int PUBLIC_BLOCK = 1024;

  private final SP800SecureRandom random;
  private final String description;

  /**
   * Each thread's unused DRBG output for public values. Confined to its thread, so no lock; a
   * thread's block is its own slice of the DRBG's output and each byte is handed out once.
   */
  private final ThreadLocal<PublicBlock> publicBlocks = ThreadLocal.withInitial(PublicBlock::new);

  /** A block of DRBG output and how much of it is handed out. */
  private static final class PublicBlock {
    final byte[] bytes = new byte[PUBLIC_BLOCK];
    int used = PUBLIC_BLOCK; // empty: the first use fills it
  }

  private Drbg(SP800SecureRandom random, String description) {
    this.random = random;
    this.description = description;
  }

  public static Drbg hmacSha512() {
    return hmacSha512(osEntropy());
  }

  public static Drbg ctrAes256() {
    return ctrAes256(osEntropy());
  }

  static Drbg hmacSha512(EntropySourceProvider entropy) {
    return new Drbg(
        new SP800SecureRandomBuilder(entropy)
            .setPersonalizationString(PERSONALIZATION)
            .setSecurityStrength(256)
            .buildHMAC(new HMac(new SHA512Digest()), nonce(entropy), false),
        "HMAC_DRBG(SHA-512)");
  }

  static Drbg ctrAes256(EntropySourceProvider entropy) {
    return new Drbg(
        new SP800SecureRandomBuilder(entropy)
            .setPersonalizationString(PERSONALIZATION)
            .setSecurityStrength(256)
            .buildCTR(AESEngine.newInstance(), 256, nonce(entropy), false),
        "CTR_DRBG(AES-256)");
  }

  private static byte[] nonce(EntropySourceProvider entropy) {
    return entropy.get(128).getEntropy();
  }

  private static EntropySourceProvider osEntropy() {
    return new org.bouncycastle.crypto.prng.BasicEntropySourceProvider(
        SoftwareProviders.random(), true);
  }

  /** C_GenerateRandom. */
  public byte[] generate(int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return out;
  }

  /**
   * DRBG output for a value that is public and must only be unique, never secret: a generated GCM
   * IV or CTR counter block (NIST SP 800-38D 8.2.2's random construction). Taken from a block of
   * output that one generate request filled: HMAC_DRBG's update step, which runs once per request,
   * cost about 4 µs per 12-byte IV, ten times a 1 KiB AES-GCM encryption. Never for keys, seeds or
   * C_GenerateRandom: the unused rest of a block stays in memory until handed out.
   */
  public byte[] generatePublic(int length) {
    if (length > PUBLIC_BLOCK / 4) {
      return generate(length);
    }
    PublicBlock b = publicBlocks.get();
    if (b.used + length > PUBLIC_BLOCK) {
      random.nextBytes(b.bytes);
      b.used = 0;
    }
    byte[] out = Arrays.copyOfRange(b.bytes, b.used, b.used + length);
    Arrays.fill(b.bytes, b.used, b.used + length, (byte) 0); // handed out: not kept here
    b.used += length;
    return out;
  }

  public void nextBytes(byte[] out) {
    random.nextBytes(out);
  }

  /** C_SeedRandom: reseeds from fresh entropy mixed with the caller's seed material. */
  public void reseed(byte[] seedMaterial) {
    random.reseed(seedMaterial == null ? new byte[0] : seedMaterial.clone());
  }

  /** The DRBG as a SecureRandom, for JCA key generators and IV generation. */
  public SecureRandom asSecureRandom() {
    return random;
  }

  @Override
  public String toString() {
    return "Drbg[" + description + "]";
  }
}
