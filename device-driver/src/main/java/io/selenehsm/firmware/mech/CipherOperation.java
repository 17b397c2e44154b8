package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/** An encryption or decryption already initialised with key and mechanism. Not thread-safe. */
public interface CipherOperation {
  /** Multi-part (C_EncryptUpdate / C_DecryptUpdate); may return fewer bytes than given. */
  byte[] update(byte[] data, int offset, int length) throws HsmException;

  default byte[] update(byte[] data) throws HsmException {
    return update(data, 0, data.length);
  }

  /** Finishes (C_EncryptFinal / C_DecryptFinal); checks padding or tag on decryption. */
  byte[] doFinal() throws HsmException;

  /** Single-part (C_Encrypt / C_Decrypt). */
  default byte[] process(byte[] data) throws HsmException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 32);
    out.writeBytes(update(data, 0, data.length));
    out.writeBytes(doFinal());
    return out.toByteArray();
  }

  /**
   * The IV or initial counter block the HSM generated because the caller asked it to (GCM with an
   * empty IV, CTR with an empty counter block); empty when the caller supplied one.
   */
  Optional<byte[]> generatedIv();
}
