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
import io.selenehsm.provider.internal.KeyImport;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.internal.SoftwareKeys;
import io.selenehsm.provider.internal.Templates;
import io.selenehsm.provider.internal.Token;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.provider.key.SeleneKeys;
import io.selenehsm.provider.key.SelenePublicKey;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.KeyAgreementSpi;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * ECDH and X25519/X448 with the private key in the HSM (C_DeriveKey, CKD_NULL). The shared
 * secret comes back as a Selene session key ({@code generateSecret(String)}) or, for callers
 * that need the bytes (TLS), via a short-lived extractable object destroyed at once.
 */
final class SeleneKeyAgreement extends KeyAgreementSpi {
  private final SeleneContext context;
  private SeleneKey key;
  private byte[] peer;

  SeleneKeyAgreement(SeleneContext context) {
    this.context = context;
  }

  @Override
  protected void engineInit(Key k, SecureRandom random) throws InvalidKeyException {
    try {
      Token token = k instanceof SeleneKey s ? s.token() : context.workingToken();
      SeleneKey resolved = KeyImport.toSelene(token, k);
      if (resolved.keyObject().objectClass() != Cko.PRIVATE_KEY) {
        throw Errors.invalidKey(Ckr.KEY_TYPE_INCONSISTENT, "key agreement needs a private key");
      }
      key = resolved;
      peer = null;
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }

  @Override
  protected void engineInit(Key k, AlgorithmParameterSpec params, SecureRandom random)
      throws InvalidKeyException, InvalidAlgorithmParameterException {
    if (params != null) {
      throw new InvalidAlgorithmParameterException("key agreement takes no parameters here");
    }
    engineInit(k, random);
  }

  @Override
  protected Key engineDoPhase(Key k, boolean lastPhase) throws InvalidKeyException {
    if (key == null) {
      throw new IllegalStateException("the key agreement is not initialized");
    }
    if (!lastPhase) {
      throw new IllegalStateException("ECDH and XDH have a single phase");
    }
    if (!(k instanceof PublicKey p)) {
      throw new InvalidKeyException("the peer key must be a public key");
    }
    PublicKey software = p instanceof SelenePublicKey s ? s.getSoftwareKey() : p;
    try {
      peer = SubjectPublicKeyInfo.getInstance(software.getEncoded()).getPublicKeyData()
          .getBytes();
    } catch (RuntimeException e) {
      throw new InvalidKeyException("the peer key has no X.509 encoding", e);
    }
    return null;
  }

  private long derive(Attributes template) throws HsmException {
    if (peer == null) {
      throw new IllegalStateException("doPhase has not been called");
    }
    long mech = Ckm.ECDH1_DERIVE;
    Mechanism m = Mechanism.of(mech, new EcdhParams(EcdhParams.Kdf.NULL, null, peer));
    long base = key.getKeyHandle();
    long h = key.token().withObjectSession((s, session) -> s.deriveKey(session, m, base,
        template));
    peer = null;
    return h;
  }

  @Override
  protected byte[] engineGenerateSecret() {
    try {
      Attributes t = Templates.secret(context.defaults(), Ckk.GENERIC_SECRET)
          .set(Cka.SENSITIVE, false).set(Cka.EXTRACTABLE, true).build();
      long h = derive(t);
      try {
        return key.token().call((s, session) -> s.getAttribute(session, h, Cka.VALUE));
      } finally {
        key.token().withObjectSession((s, session) -> {
          s.destroyObject(session, h);
          return null;
        });
      }
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  @Override
  protected int engineGenerateSecret(byte[] out, int offset) throws ShortBufferException {
    byte[] s = engineGenerateSecret();
    if (out.length - offset < s.length) {
      throw new ShortBufferException("the secret needs " + s.length + " bytes");
    }
    System.arraycopy(s, 0, out, offset, s.length);
    return s.length;
  }

  @Override
  protected SecretKey engineGenerateSecret(String algorithm) throws NoSuchAlgorithmException {
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
      return (SecretKey) SeleneKeys.owned(key.token(), h, algorithm);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }
}
