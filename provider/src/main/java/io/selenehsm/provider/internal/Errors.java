package io.selenehsm.provider.internal;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.crypto.IllegalBlockSizeException;

/**
 * Maps engine return codes onto the JCA exception each SPI method declares. The checked
 * exception always carries a {@link SeleneCryptokiException} (with the code) as its cause.
 */
public final class Errors {
  private Errors() {}

  public static SeleneCryptokiException cryptoki(HsmException e) {
    return new SeleneCryptokiException(e);
  }

  public static SeleneCryptokiException cryptoki(long code, String message) {
    return new SeleneCryptokiException(code, message);
  }

  private static <T extends GeneralSecurityException> T withCause(T ex, HsmException e) {
    ex.initCause(cryptoki(e));
    return ex;
  }

  public static InvalidKeyException invalidKey(HsmException e) {
    return withCause(new InvalidKeyException(e.getMessage()), e);
  }

  /** An InvalidKeyException for a code the provider itself decided on. */
  public static InvalidKeyException invalidKey(long code, String message) {
    return invalidKey(new HsmException(code, message));
  }

  public static InvalidAlgorithmParameterException invalidParameter(HsmException e) {
    return withCause(new InvalidAlgorithmParameterException(e.getMessage()), e);
  }

  /** Init-time errors: parameter problems keep their type, everything else is a key problem. */
  public static GeneralSecurityException atInit(HsmException e) {
    long c = e.returnCode();
    return c == Ckr.MECHANISM_PARAM_INVALID ? invalidParameter(e) : invalidKey(e);
  }

  public static SignatureException signature(HsmException e) {
    return withCause(new SignatureException(e.getMessage()), e);
  }

  public static InvalidKeySpecException keySpec(HsmException e) {
    return withCause(new InvalidKeySpecException(e.getMessage()), e);
  }

  public static KeyStoreException keyStore(HsmException e) {
    return withCause(new KeyStoreException(e.getMessage()), e);
  }

  public static NoSuchAlgorithmException noSuchAlgorithm(HsmException e) {
    return withCause(new NoSuchAlgorithmException(e.getMessage()), e);
  }

  /** Whether a verify failure means "this signature is not valid" rather than an error. */
  public static boolean isInvalidSignature(HsmException e) {
    long c = e.returnCode();
    return c == Ckr.SIGNATURE_INVALID || c == Ckr.SIGNATURE_LEN_RANGE;
  }

  /**
   * Errors of Cipher.doFinal: bad tags, padding and lengths get their JCA types; anything else
   * is a provider failure (unchecked, carrying the code).
   */
  public static GeneralSecurityException cipherFinal(HsmException e, boolean aead)
      throws SeleneCryptokiException {
    long c = e.returnCode();
    if (c == Ckr.ENCRYPTED_DATA_INVALID || c == Ckr.DATA_INVALID) {
      return aead ? withCause(new AEADBadTagException(e.getMessage()), e)
          : withCause(new BadPaddingException(e.getMessage()), e);
    }
    if (c == Ckr.ENCRYPTED_DATA_LEN_RANGE || c == Ckr.DATA_LEN_RANGE) {
      return withCause(new IllegalBlockSizeException(e.getMessage()), e);
    }
    throw cryptoki(e);
  }
}
