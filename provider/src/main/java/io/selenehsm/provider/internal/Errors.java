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
 * Maps engine return codes onto the JCA exception each SPI method declares. The checked exception
 * always carries a {@link SeleneCryptokiException} (with the code) as its cause.
 */
public final class Errors {
  private Errors() {}

  public static SeleneCryptokiException cryptoki(HsmException e) {
    return new SeleneCryptokiException(e.returnCode(), e.detail(), e);
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
   * Errors of Cipher.doFinal, which declares only checked exceptions for bad input: bad tags and
   * padding are BadPaddingException (AEADBadTagException for AEAD), everything else, lengths first,
   * is IllegalBlockSizeException; the cause always carries the code, so a key that may not decrypt
   * or a device error stays distinguishable without an unchecked escape.
   */
  public static GeneralSecurityException cipherFinal(HsmException e, boolean aead) {
    long c = e.returnCode();
    if (c == Ckr.ENCRYPTED_DATA_INVALID || c == Ckr.DATA_INVALID) {
      return aead
          ? withCause(new AEADBadTagException(e.getMessage()), e)
          : withCause(new BadPaddingException(e.getMessage()), e);
    }
    return withCause(new IllegalBlockSizeException(e.getMessage()), e);
  }

  /**
   * Errors of KeyAgreement.generateSecret(), which declares only IllegalStateException: the
   * agreement cannot produce a secret in its current state (the cause carries the code).
   */
  public static IllegalStateException agreementState(HsmException e) {
    return new IllegalStateException(e.getMessage(), cryptoki(e));
  }
}
