package io.selenehsm.firmware.store;

import io.selenehsm.firmware.mech.SoftwareProviders;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals record payloads with AES-256-GCM under the device KEK: a fresh random 96-bit nonce per
 * record and the record header as associated data, so a record moved to another position (different
 * sequence number) or another file kind (different magic) fails authentication.
 *
 * <p>Random nonces keep a KEK safe for well over 2^32 records; the log is far below that between
 * zeroizations.
 */
final class RecordSealer {
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final SecretKeySpec kek;
  private final SecureRandom random;

  RecordSealer(byte[] kekBytes, SecureRandom random) {
    this.kek = new SecretKeySpec(kekBytes, "AES");
    this.random = random;
  }

  /** header || nonce || ciphertext || tag, ready to be written with one call. */
  ByteBuffer seal(int magic, long sequence, byte[] payload) {
    int bodyLength = NONCE_BYTES + payload.length + TAG_BYTES;
    byte[] header = new RecordHeader(magic, sequence, bodyLength).encode();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    ByteBuffer record = ByteBuffer.allocate(RecordHeader.SIZE + bodyLength);
    record.put(header).put(nonce);
    try {
      Cipher cipher = SoftwareProviders.cipher(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      cipher.updateAAD(header);
      cipher.doFinal(ByteBuffer.wrap(payload), record);
    } catch (GeneralSecurityException e) {
      // AES-GCM is mandatory in every Java SE runtime; failing here is a platform fault.
      throw new IllegalStateException("AES-GCM sealing failed", e);
    }
    return record.flip();
  }

  /** The payload of an authentic record; throws if the header or body were altered. */
  byte[] open(byte[] header, byte[] body) throws GeneralSecurityException {
    if (body.length < NONCE_BYTES + TAG_BYTES) {
      throw new GeneralSecurityException("record body of " + body.length + " bytes is too short");
    }
    Cipher cipher = SoftwareProviders.cipher(TRANSFORMATION);
    cipher.init(
        Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BYTES * 8, body, 0, NONCE_BYTES));
    cipher.updateAAD(header);
    return cipher.doFinal(body, NONCE_BYTES, body.length - NONCE_BYTES);
  }
}
