package io.selenehsm.firmware.clone;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * The outer layer of every cloning and backup payload: the domain-sealed {@link CloningPayload}
 * encrypted to one target device's {@link DeviceKey} (ephemeral-static X25519, HKDF-SHA256 over the
 * shared secret with the whole header as info, AES-256-GCM with the header as associated data).
 * Only the device holding the private key opens it, so a payload plus the cloning domain string
 * opens nothing in software; the inner layer still needs the domain, so the device key alone opens
 * nothing either.
 *
 * <pre>magic "STE1" | target key id 8 | ephemeral public key 32 | nonce 12 | sealed inner</pre>
 */
public final class TargetEnvelope {
  private static final byte[] MAGIC = {'S', 'T', 'E', '1'};
  private static final byte[] SALT =
      "Selene cloning envelope v1".getBytes(StandardCharsets.US_ASCII);
  private static final int KEY_ID = 8;
  private static final int NONCE = 12;
  private static final int HEADER = MAGIC.length + KEY_ID + DeviceKey.PUBLIC_BYTES + NONCE;
  private static final int TAG_BITS = 128;

  private TargetEnvelope() {}

  /** Encrypts {@code inner} to the device whose public key is {@code targetPublic}. */
  public static byte[] seal(byte[] inner, byte[] targetPublic, SecureRandom random)
      throws HsmException {
    X25519PrivateKeyParameters eph = new X25519PrivateKeyParameters(random);
    byte[] shared = DeviceKey.agree(eph, targetPublic);
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] header =
        ByteBuffer.allocate(HEADER)
            .put(MAGIC)
            .put(DeviceKey.keyId(targetPublic))
            .put(eph.generatePublicKey().getEncoded())
            .put(nonce)
            .array();
    byte[] body = gcm(true, key(shared, header), nonce, header, inner);
    return ByteBuffer.allocate(HEADER + body.length).put(header).put(body).array();
  }

  /** Whether {@code data} is an envelope (rather than a bare inner payload). */
  public static boolean isEnvelope(byte[] data) {
    return data != null
        && data.length > HEADER
        && Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC);
  }

  /** Whether {@code data} is an envelope made for the device whose public key is given. */
  public static boolean isFor(byte[] data, byte[] publicKey) {
    return isEnvelope(data)
        && Arrays.equals(
            Arrays.copyOfRange(data, MAGIC.length, MAGIC.length + KEY_ID),
            DeviceKey.keyId(publicKey));
  }

  /** Opens an envelope inside the device holding {@code key}. */
  public static byte[] open(byte[] data, DeviceKey key, String serial) throws HsmException {
    if (!isEnvelope(data)) {
      throw new HsmException(
          Ckr.DATA_INVALID,
          "not a cloning payload for a target device (no"
              + " envelope); payloads are made for one target with its cloningTarget descriptor");
    }
    byte[] header = Arrays.copyOf(data, HEADER);
    byte[] keyId = Arrays.copyOfRange(header, MAGIC.length, MAGIC.length + KEY_ID);
    if (!Arrays.equals(keyId, DeviceKey.keyId(key.publicKey()))) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "the payload was encrypted to another"
              + " device (key id "
              + HexFormat.of().formatHex(keyId)
              + "), not to HSM "
              + serial);
    }
    byte[] eph =
        Arrays.copyOfRange(
            header, MAGIC.length + KEY_ID, MAGIC.length + KEY_ID + DeviceKey.PUBLIC_BYTES);
    byte[] nonce = Arrays.copyOfRange(header, HEADER - NONCE, HEADER);
    byte[] shared = key.agree(eph);
    return gcm(
        false, key(shared, header), nonce, header, Arrays.copyOfRange(data, HEADER, data.length));
  }

  private static byte[] key(byte[] shared, byte[] header) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(shared, SALT, Arrays.copyOf(header, HEADER - NONCE)));
    byte[] k = new byte[32];
    hkdf.generateBytes(k, 0, k.length);
    Arrays.fill(shared, (byte) 0);
    return k;
  }

  private static byte[] gcm(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] in)
      throws HsmException {
    GCMBlockCipher c = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
    c.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce, aad));
    byte[] out = new byte[c.getOutputSize(in.length)];
    int n = c.processBytes(in, 0, in.length, out, 0);
    try {
      n += c.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new HsmException(
          Ckr.ENCRYPTED_DATA_INVALID,
          "the cloning payload failed its integrity check (altered, truncated or not ours)");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
