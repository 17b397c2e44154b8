package io.selenehsm.provider.key;

import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.KeyTypes;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.KeyObject;
import java.security.KeyRep;
import javax.crypto.SecretKey;

/** A secret key (AES, DESede, generic/HMAC) in the HSM; its value never leaves when sensitive. */
public final class SeleneSecretKey extends SeleneKey implements SecretKey {
  private static final long serialVersionUID = 1L;

  private final String algorithm;

  SeleneSecretKey(KeyObject object, String algorithm) {
    super(object);
    this.algorithm = algorithm != null ? algorithm : defaultAlgorithm(object.keyType());
  }

  static String defaultAlgorithm(long keyType) {
    String name = Ckk.isSecret(keyType) ? KeyTypes.algorithm(keyType) : null;
    return name != null ? name : KeyTypes.GENERIC_SECRET;
  }

  @Override
  public String getAlgorithm() {
    return algorithm;
  }

  /** "RAW" when the value may be read (not sensitive, extractable), else null. */
  @Override
  public String getFormat() {
    return readable() ? "RAW" : null;
  }

  /** The key value when it may leave the HSM, else null. */
  @Override
  public byte[] getEncoded() {
    if (!readable()) {
      return null;
    }
    try {
      return keyObject().read(Cka.VALUE);
    } catch (HsmException e) {
      return null;
    }
  }

  /** The key length in bytes. */
  public int getKeyLength() {
    return (int) keyObject().attributes().ulong(Cka.VALUE_LEN, 0);
  }

  private boolean readable() {
    return !isSensitive() && isExtractable();
  }

  @Override
  public boolean isDestroyed() {
    return false;
  }

  @Override
  protected Object serializableForm() {
    byte[] v = getEncoded();
    return v == null ? null : new KeyRep(KeyRep.Type.SECRET, algorithm, "RAW", v);
  }
}
