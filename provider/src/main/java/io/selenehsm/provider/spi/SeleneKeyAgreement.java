package io.selenehsm.provider.spi;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.EcdhParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.KeyImport;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.internal.SoftwareKeys;
import io.selenehsm.provider.internal.Templates;
import io.selenehsm.provider.internal.Token;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.provider.key.SelenePublicKey;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.KeyAgreementSpi;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * ECDH and X25519/X448 with the private key in the HSM (C_DeriveKey, CKD_NULL). The shared secret
 * comes back as a Selene session key ({@code generateSecret(String)}) or, for callers that need the
 * bytes (TLS), via a short-lived extractable object destroyed at once.
 *
 * <p>Threads: a JCA engine object belongs to one thread at a time, but a shared one must not
 * corrupt its buffers or strand a pinned session, so every engine method holds this object's
 * monitor: concurrent misuse is serialised (one operation's calls may interleave with another's, as
 * the caller asked), never torn. Uncontended, the monitor costs nanoseconds.
 */
final class SeleneKeyAgreement extends KeyAgreementSpi {
  private final SeleneContext context;

  /** CKK_EC for ECDH, CKK_EC_MONTGOMERY for XDH, X25519 and X448. */
  private final long keyType;

  private SeleneKey key;
  private byte[] peer;

  SeleneKeyAgreement(SeleneContext context, long keyType) {
    this.context = context;
    this.keyType = keyType;
  }

  @Override
  protected synchronized void engineInit(Key k, SecureRandom random) throws InvalidKeyException {
    KeyChecks.requireType(k, keyType, KeyChecks.name(keyType) + " key agreement");
    if (!(k instanceof PrivateKey)) {
      throw Errors.invalidKey(
          Ckr.KEY_TYPE_INCONSISTENT,
          "key agreement needs a private key, not " + KeyChecks.describe(k));
    }
    try {
      Token token = k instanceof SeleneKey s ? KeyAccess.token(s) : context.workingToken();
      SeleneKey resolved = (SeleneKey) KeyImport.toSelene(token, k);
      if (KeyAccess.object(resolved).objectClass() != Cko.PRIVATE_KEY) {
        throw Errors.invalidKey(Ckr.KEY_TYPE_INCONSISTENT, "key agreement needs a private key");
      }
      key = resolved;
      peer = null;
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }

  @Override
  protected synchronized void engineInit(Key k, AlgorithmParameterSpec params, SecureRandom random)
      throws InvalidKeyException, InvalidAlgorithmParameterException {
    if (params != null) {
      throw new InvalidAlgorithmParameterException("key agreement takes no parameters here");
    }
    engineInit(k, random);
  }

  @Override
  protected synchronized Key engineDoPhase(Key k, boolean lastPhase) throws InvalidKeyException {
    if (key == null) {
      throw new IllegalStateException("the key agreement is not initialized");
    }
    if (!lastPhase) {
      throw new IllegalStateException("ECDH and XDH have a single phase");
    }
    if (!(k instanceof PublicKey p)) {
      throw Errors.invalidKey(
          Ckr.KEY_TYPE_INCONSISTENT,
          "the peer key must be a public key, not " + (k == null ? "null" : KeyChecks.describe(k)));
    }
    KeyChecks.requireType(k, keyType, KeyChecks.name(keyType) + " peer");
    PublicKey software = p instanceof SelenePublicKey s ? s.getSoftwareKey() : p;
    if (software instanceof ECPublicKey e) {
      PeerPoints.requireOnCurveOf(e, key instanceof ECKey own ? own.getParams() : null);
    }
    byte[] point;
    try {
      point = SubjectPublicKeyInfo.getInstance(software.getEncoded()).getPublicKeyData().getBytes();
    } catch (RuntimeException e) {
      throw Errors.invalidKey(Ckr.KEY_TYPE_INCONSISTENT, "the peer key has no X.509 encoding");
    }
    PeerPoints.requireSameCurveSize(point, key, keyType);
    peer = point;
    return null;
  }

  /** The shared secret's length: the field size of the curve (x of the point, or u). */
  private int secretLength() {
    return keyType == Ckk.EC ? (peer.length - 1) / 2 : peer.length;
  }

  private long derive(Attributes template) throws HsmException {
    if (peer == null) {
      throw new IllegalStateException("doPhase has not been called");
    }
    long mech = Ckm.ECDH1_DERIVE;
    Mechanism m = Mechanism.of(mech, new EcdhParams(EcdhParams.Kdf.NULL, null, peer));
    long base = key.getKeyHandle();
    long h =
        KeyAccess.token(key)
            .withObjectSession((s, session) -> s.deriveKey(session, m, base, template));
    peer = null;
    return h;
  }

  @Override
  protected synchronized byte[] engineGenerateSecret() {
    try {
      Attributes t =
          Templates.secret(context.defaults(), Ckk.GENERIC_SECRET)
              .set(Cka.SENSITIVE, false)
              .set(Cka.EXTRACTABLE, true)
              .build();
      long h = derive(t);
      try {
        return KeyAccess.token(key).call((s, session) -> s.getAttribute(session, h, Cka.VALUE));
      } finally {
        KeyAccess.token(key)
            .withObjectSession(
                (s, session) -> {
                  s.destroyObject(session, h);
                  return null;
                });
      }
    } catch (HsmException e) {
      throw Errors.agreementState(e);
    }
  }

  @Override
  protected synchronized int engineGenerateSecret(byte[] out, int offset)
      throws ShortBufferException {
    if (peer == null) {
      throw new IllegalStateException("doPhase has not been called");
    }
    if (offset < 0 || offset > out.length) {
      throw new IllegalArgumentException(
          "offset " + offset + " is outside the " + out.length + "-byte buffer");
    }
    // Checked before deriving, so a short buffer leaves the agreement ready to try again.
    if (out.length - offset < secretLength()) {
      throw new ShortBufferException(
          "the secret needs " + secretLength() + " bytes, " + (out.length - offset) + " given");
    }
    byte[] s = engineGenerateSecret();
    if (out.length - offset < s.length) {
      throw new ShortBufferException("the secret needs " + s.length + " bytes");
    }
    System.arraycopy(s, 0, out, offset, s.length);
    return s.length;
  }

  @Override
  protected synchronized SecretKey engineGenerateSecret(String algorithm)
      throws NoSuchAlgorithmException, InvalidKeyException {
    if (algorithm == null) {
      throw new NoSuchAlgorithmException("no secret key algorithm given");
    }
    long type = SoftwareKeys.keyTypeOf(algorithm);
    if (type < 0 || !Ckk.isSecret(type)) {
      throw new NoSuchAlgorithmException("cannot make a " + algorithm + " key from ECDH");
    }
    try {
      Attributes.Builder b = Templates.secret(context.defaults(), type);
      if (type == Ckk.AES) {
        b.set(Cka.VALUE_LEN, 32L);
      } else if (type == Ckk.DES3) {
        b.set(Cka.VALUE_LEN, 24L);
      }
      long h = derive(b.build());
      return (SecretKey) KeyAccess.owned(KeyAccess.token(key), h, algorithm);
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }
}
