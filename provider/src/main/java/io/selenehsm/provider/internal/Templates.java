package io.selenehsm.provider.internal;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;

/** Templates for the session objects the provider creates, following {@link KeyDefaults}. */
public final class Templates {
  private Templates() {}

  /**
   * A secret key, sensitive, extractable and derivable per the defaults. ENCRYPT/DECRYPT and
   * WRAP/UNWRAP are left to the engine's defaults: the key is uncommitted and its first use decides
   * whether it handles data or keys (asking for both would be refused).
   */
  public static Attributes.Builder secret(KeyDefaults d, long keyType) {
    return Attributes.builder()
        .set(Cka.CLASS, Cko.SECRET_KEY)
        .set(Cka.KEY_TYPE, keyType)
        .set(Cka.TOKEN, false)
        .set(Cka.PRIVATE, true)
        .set(Cka.SENSITIVE, true)
        .set(Cka.EXTRACTABLE, d.secretExtractable())
        .set(Cka.DERIVE, d.secretDerivable())
        .set(Cka.SIGN, true)
        .set(Cka.VERIFY, true);
  }

  public static Attributes.Builder privateKey(KeyDefaults d, long keyType) {
    boolean agrees = keyType == Ckk.EC || keyType == Ckk.EC_MONTGOMERY;
    boolean signs = keyType != Ckk.EC_MONTGOMERY && keyType != Ckk.ML_KEM;
    boolean decrypts = keyType == Ckk.RSA || keyType == Ckk.ML_KEM;
    return Attributes.builder()
        .set(Cka.CLASS, Cko.PRIVATE_KEY)
        .set(Cka.KEY_TYPE, keyType)
        .set(Cka.TOKEN, false)
        .set(Cka.PRIVATE, true)
        .set(Cka.SENSITIVE, true)
        .set(Cka.EXTRACTABLE, d.privateExtractable())
        .set(Cka.SIGN, signs)
        .set(Cka.DECRYPT, decrypts)
        .set(Cka.UNWRAP, keyType == Ckk.RSA)
        .set(Cka.DERIVE, agrees);
  }

  public static Attributes.Builder publicKey(long keyType) {
    boolean encrypts = keyType == Ckk.RSA || keyType == Ckk.ML_KEM;
    boolean verifies = keyType != Ckk.EC_MONTGOMERY && keyType != Ckk.ML_KEM;
    return Attributes.builder()
        .set(Cka.CLASS, Cko.PUBLIC_KEY)
        .set(Cka.KEY_TYPE, keyType)
        .set(Cka.TOKEN, false)
        .set(Cka.PRIVATE, false)
        .set(Cka.VERIFY, verifies)
        .set(Cka.ENCRYPT, encrypts)
        .set(Cka.WRAP, keyType == Ckk.RSA);
  }
}
