package io.selenehsm.firmware.mech;

import java.security.SecureRandom;
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

  private final SP800SecureRandom random;
  private final String description;

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
