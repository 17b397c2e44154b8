package io.selenehsm.provider.spi;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.KeyImport;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.internal.SoftwareKeys;
import io.selenehsm.provider.internal.Token;
import io.selenehsm.provider.key.SeleneKey;
import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Every Selene signature, over the key's handle. Small inputs are signed or verified by one
 * single-part engine command; longer ones stream through C_SignUpdate/C_VerifyUpdate (see {@link
 * StreamedInput}). A software public key is verified by the engine without becoming an object; the
 * engine takes such keys only single-part, so that input is collected whole.
 *
 * <p>Threads: a JCA engine object belongs to one thread at a time, but a shared one must not
 * corrupt its buffers or strand a pinned session, so every engine method holds this object's
 * monitor: concurrent misuse is serialised (one operation's calls may interleave with another's, as
 * the caller asked), never torn. Uncontended, the monitor costs nanoseconds.
 */
final class SeleneSignature extends SignatureSpi {
  private final SeleneContext context;
  private final SignatureScheme scheme;
  private final StreamedInput input = new StreamedInput(this);
  private PSSParameterSpec pss;
  private SeleneKey key;
  private PublicKey softwareKey;
  private boolean signing;
  private StreamedInput.MultiPart multiPart;
  private volatile PssMechanism pssMechanism;

  private record PssMechanism(PSSParameterSpec spec, Mechanism mechanism) {}

  SeleneSignature(SeleneContext context, SignatureScheme scheme) {
    this.context = context;
    this.scheme = scheme;
  }

  @Override
  protected synchronized void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
    KeyChecks.present(privateKey, "a signature");
    try {
      Token token = privateKey instanceof SeleneKey k ? KeyAccess.token(k) : context.workingToken();
      requireKeyType(token, privateKey);
      requirePssFits(privateKey);
      SeleneKey k = (SeleneKey) KeyImport.toSelene(token, privateKey);
      if (KeyAccess.object(k).objectClass() != Cko.PRIVATE_KEY) {
        throw Errors.invalidKey(Ckr.KEY_TYPE_INCONSISTENT, "signing needs a private key, not " + k);
      }
      start(k, null, true);
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }

  @Override
  protected synchronized void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
    KeyChecks.present(publicKey, "a signature");
    try {
      Token token = publicKey instanceof SeleneKey k ? KeyAccess.token(k) : context.workingToken();
      requireKeyType(token, publicKey);
      requirePssFits(publicKey);
      if (publicKey instanceof SeleneKey k) {
        start(k, null, false);
        return;
      }
      start(null, SoftwareKeys.normalize(publicKey), false);
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }

  /** Refuses a key of another family than the mechanism's (an EC key for SHA256withRSA). */
  private void requireKeyType(Token token, java.security.Key k) throws InvalidKeyException {
    long expected = scheme.keyType(token.slot());
    if (expected >= 0) {
      KeyChecks.requireType(k, expected, "signature " + scheme.mechanismName());
    }
  }

  /** (Re)initializes; an operation still streaming into the engine is ended first. */
  private void start(SeleneKey k, PublicKey software, boolean sign) {
    input.reset();
    key = k;
    softwareKey = software;
    signing = sign;
    multiPart = multiPart();
  }

  /** How this signature streams, or null when it cannot (raw X9.31, software public keys). */
  private StreamedInput.MultiPart multiPart() {
    if (key == null || scheme.kind == SignatureScheme.Kind.X931_RAW || scheme.oneShot()) {
      return null;
    }
    SeleneKey k = key;
    boolean sign = signing;
    PSSParameterSpec params = pss;
    return new StreamedInput.MultiPart() {
      @Override
      public Token token() {
        return KeyAccess.token(k);
      }

      @Override
      public void init(Slot slot, long session) throws HsmException {
        Mechanism m = mechanism(params);
        if (sign) {
          slot.signInit(session, m, k.getKeyHandle());
        } else {
          slot.verifyInit(session, m, k.getKeyHandle());
        }
      }

      @Override
      public void update(Slot slot, long session, byte[] chunk) throws HsmException {
        if (sign) {
          slot.signUpdate(session, chunk);
        } else {
          slot.verifyUpdate(session, chunk);
        }
      }
    };
  }

  /** The mechanism; a missing or unusable PSS spec is the engine's MECHANISM_PARAM_INVALID. */
  private Mechanism mechanism(PSSParameterSpec params) throws HsmException {
    try {
      if (scheme.kind == SignatureScheme.Kind.PSS && params != null) {
        // Built once per spec, not per operation (PSSParameterSpec is immutable).
        PssMechanism c = pssMechanism;
        if (c == null || c.spec() != params) {
          c = new PssMechanism(params, scheme.mechanism(params));
          pssMechanism = c;
        }
        return c.mechanism();
      }
      return scheme.mechanism(params);
    } catch (SignatureException e) {
      throw new HsmException(Ckr.MECHANISM_PARAM_INVALID, e.getMessage(), e);
    }
  }

  @Override
  protected synchronized void engineUpdate(byte b) throws SignatureException {
    requireInit();
    requireRoom(1);
    try {
      input.add(b, multiPart);
    } catch (HsmException e) {
      throw Errors.signature(e);
    }
  }

  @Override
  protected synchronized void engineUpdate(byte[] b, int off, int len) throws SignatureException {
    requireInit();
    requireRoom(len);
    try {
      input.add(b, off, len, multiPart);
    } catch (HsmException e) {
      throw Errors.signature(e);
    }
  }

  /**
   * Signature.update(ByteBuffer) has checked the state already and declares nothing for the SPI to
   * throw: like the JDK's SignatureSpi, a refused update surfaces as ProviderException whose cause
   * is the SignatureException (with the code).
   */
  @Override
  protected synchronized void engineUpdate(ByteBuffer in) {
    try {
      requireInit();
      requireRoom(in.remaining());
      input.add(in, multiPart);
    } catch (SignatureException e) {
      throw new ProviderException(e.getMessage(), e);
    } catch (HsmException e) {
      throw new ProviderException(e.getMessage(), Errors.signature(e));
    }
  }

  /**
   * One-shot mechanisms (EdDSA: RFC 8032 reads the message twice, so PKCS#11 has no multi-part
   * EdDSA) collect the message whole; beyond the HSM's limit the update is refused and the input so
   * far kept.
   */
  private void requireRoom(long more) throws SignatureException {
    long limit = scheme.maxInput();
    if (limit >= 0 && input.buffered() + more > limit) {
      throw Errors.signature(
          new HsmException(
              Ckr.DATA_LEN_RANGE,
              scheme.mechanismName()
                  + " signs messages of at most "
                  + limit
                  + " bytes (1 MiB) in one piece; this update"
                  + " would make it "
                  + (input.buffered() + more)
                  + " bytes"));
    }
  }

  @Override
  protected synchronized byte[] engineSign() throws SignatureException {
    requireInit();
    if (!signing) {
      throw new SignatureException("the signature was initialized for verification");
    }
    SeleneKey k = key;
    long handle = k.getKeyHandle();
    PSSParameterSpec params = pss;
    try {
      return input.finish(
          all -> {
            byte[] data = scheme.prepare(all);
            Mechanism m = mechanism(params);
            return KeyAccess.token(k).call((s, h) -> s.sign(h, m, handle, data));
          },
          (s, h) -> s.signFinal(h),
          multiPart);
    } catch (HsmException e) {
      throw Errors.signature(e);
    }
  }

  @Override
  protected synchronized boolean engineVerify(byte[] signature) throws SignatureException {
    requireInit();
    if (signing) {
      throw new SignatureException("the signature was initialized for signing");
    }
    SeleneKey k = key;
    PublicKey pub = softwareKey;
    PSSParameterSpec params = pss;
    try {
      input.finish(
          all -> {
            byte[] data = scheme.prepare(all);
            Mechanism m = mechanism(params);
            if (k != null) {
              long handle = k.getKeyHandle();
              KeyAccess.token(k)
                  .call(
                      (s, h) -> {
                        s.verify(h, m, handle, data, signature);
                        return null;
                      });
            } else {
              context
                  .workingToken()
                  .call(
                      (s, h) -> {
                        s.verifyWithPublicKey(h, m, pub, data, signature);
                        return null;
                      });
            }
            return null;
          },
          (s, h) -> {
            s.verifyFinal(h, signature);
            return null;
          },
          multiPart);
      return true;
    } catch (HsmException e) {
      if (Errors.isInvalidSignature(e)) {
        return false;
      }
      throw Errors.signature(e);
    }
  }

  /**
   * Why PSS parameters cannot work with {@code k} (RFC 8017 9.1.1: the encoded message must hold
   * the hash, the salt and two more bytes), or null when they can or the key is unknown.
   */
  private static String pssMisfit(PSSParameterSpec p, java.security.Key k) {
    if (p == null || !(k instanceof java.security.interfaces.RSAKey r) || r.getModulus() == null) {
      return null;
    }
    int emLen = (r.getModulus().bitLength() - 1 + 7) / 8;
    int hLen;
    try {
      hLen = Hashes.byName(p.getDigestAlgorithm()).length();
    } catch (InvalidAlgorithmParameterException e) {
      return e.getMessage();
    }
    if (p.getSaltLength() > emLen - hLen - 2) {
      return "a "
          + p.getSaltLength()
          + "-byte PSS salt with a "
          + hLen
          + "-byte hash does not"
          + " fit a "
          + r.getModulus().bitLength()
          + "-bit RSA key (at most "
          + Math.max(0, emLen - hLen - 2)
          + " bytes of salt)";
    }
    return null;
  }

  /** At init, as SunRsaSign: parameters already set must suit the new key. */
  private void requirePssFits(java.security.Key k) throws InvalidKeyException {
    String misfit = scheme.kind == SignatureScheme.Kind.PSS ? pssMisfit(pss, k) : null;
    if (misfit != null) {
      throw Errors.invalidKey(Ckr.KEY_SIZE_RANGE, misfit);
    }
  }

  private void requireInit() throws SignatureException {
    if (key == null && softwareKey == null) {
      throw new SignatureException("the signature is not initialized");
    }
  }

  @Override
  protected synchronized void engineSetParameter(AlgorithmParameterSpec params)
      throws InvalidAlgorithmParameterException {
    if (scheme.kind == SignatureScheme.Kind.PSS && params instanceof PSSParameterSpec p) {
      try {
        SignatureScheme.pssParams(p);
      } catch (SignatureException e) {
        throw new InvalidAlgorithmParameterException(e.getMessage(), e);
      }
      if (input.streaming() || input.buffered() > 0) {
        // As the JDK's PSS signature: parameters are fixed once data has been fed.
        throw new ProviderException("cannot change the PSS parameters during an operation");
      }
      String misfit = pssMisfit(p, key != null ? key : softwareKey);
      if (misfit != null) {
        throw Errors.invalidParameter(new HsmException(Ckr.MECHANISM_PARAM_INVALID, misfit));
      }
      pss = p;
      multiPart = multiPart();
      return;
    }
    if (params != null) {
      throw new InvalidAlgorithmParameterException(
          "this signature takes no parameters of type " + params.getClass().getName());
    }
  }

  @Override
  protected synchronized AlgorithmParameters engineGetParameters() {
    if (scheme.kind != SignatureScheme.Kind.PSS || pss == null) {
      return null;
    }
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS", "SunRsaSign");
      p.init(pss);
      return p;
    } catch (java.security.GeneralSecurityException e) {
      throw new ProviderException("cannot encode the PSS parameters", e);
    }
  }

  @Override
  @Deprecated
  protected synchronized void engineSetParameter(String param, Object value) {
    throw new InvalidParameterException("Selene signatures have no named parameters");
  }

  @Override
  @Deprecated
  protected synchronized Object engineGetParameter(String param) {
    throw new InvalidParameterException("Selene signatures have no named parameters");
  }
}
