package io.selenehsm.firmware.clone;

import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * A device's cloning key pair (X25519): cloning and backup payloads are encrypted to the public
 * half, and only the device holding the private half (sealed under its KEK in its flash, never
 * exported) opens them. Created when the HSM is first initialized; zeroize destroys it with
 * everything else.
 *
 * <p>Uses Bouncy Castle's lightweight X25519 directly, so no provider lookup is involved.
 */
public final class DeviceKey {
  public static final int PUBLIC_BYTES = X25519PublicKeyParameters.KEY_SIZE;
  private static final int KEY_ID_BYTES = 8;

  private final X25519PrivateKeyParameters privateKey;
  private final byte[] publicKey;

  private DeviceKey(X25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = privateKey.generatePublicKey().getEncoded();
  }

  public static DeviceKey generate(SecureRandom random) {
    return new DeviceKey(new X25519PrivateKeyParameters(random));
  }

  /** The stored form: the 32-byte private key (the flash seals it under the device KEK). */
  public byte[] encode() {
    return privateKey.getEncoded();
  }

  public static DeviceKey decode(byte[] stored) throws HsmException {
    if (stored == null || stored.length != X25519PrivateKeyParameters.KEY_SIZE) {
      throw new HsmException(Ckr.DATA_INVALID, "the stored device cloning key is malformed");
    }
    return new DeviceKey(new X25519PrivateKeyParameters(stored, 0));
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Eight bytes naming a public key, carried in envelopes so a wrong target says so. */
  public static byte[] keyId(byte[] publicKey) {
    try {
      return Arrays.copyOf(SoftwareProviders.digest("SHA-256").digest(publicKey), KEY_ID_BYTES);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** X25519 with a peer's public key; refuses the all-zero result of a degenerate point. */
  byte[] agree(byte[] peerPublic) throws HsmException {
    return agree(privateKey, peerPublic);
  }

  static byte[] agree(X25519PrivateKeyParameters priv, byte[] peerPublic) throws HsmException {
    if (peerPublic == null || peerPublic.length != PUBLIC_BYTES) {
      throw new HsmException(
          Ckr.DATA_INVALID, "a device cloning public key has " + PUBLIC_BYTES + " bytes");
    }
    X25519Agreement a = new X25519Agreement();
    a.init(priv);
    byte[] shared = new byte[a.getAgreementSize()];
    a.calculateAgreement(new X25519PublicKeyParameters(peerPublic, 0), shared, 0);
    int acc = 0;
    for (byte b : shared) {
      acc |= b;
    }
    if (acc == 0) {
      throw new HsmException(Ckr.DATA_INVALID, "the device cloning public key is degenerate");
    }
    return shared;
  }
}
