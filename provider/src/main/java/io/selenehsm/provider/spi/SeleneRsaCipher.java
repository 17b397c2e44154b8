package io.selenehsm.provider.spi;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Hash;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.OaepParams;
import io.selenehsm.firmware.object.Ckk;
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
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidParameterSpecException;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * RSA encryption (PKCS#1 v1.5, OAEP, raw): public-key operations accept Selene and software keys,
 * private-key operations run in the HSM. OAEPWith&lt;hash&gt;AndMGF1Padding uses MGF1 with SHA-1
 * unless an OAEPParameterSpec says otherwise, as the JDK does.
 *
 * <p>Threads: a JCA engine object belongs to one thread at a time, but a shared one must not
 * corrupt its buffers or strand a pinned session, so every engine method holds this object's
 * monitor: concurrent misuse is serialised (one operation's calls may interleave with another's, as
 * the caller asked), never torn. Uncontended, the monitor costs nanoseconds.
 */
final class SeleneRsaCipher extends CipherSpi {
  enum Padding {
    PKCS1,
    OAEP,
    NONE
  }

  private final SeleneContext context;
  private final Padding padding;
  private final InputBuffer buffer = new InputBuffer();
  private OaepParams oaep;
  private int opmode;
  private SeleneKey key;
  private PublicKey softwareKey;
  private int modulusBytes;

  SeleneRsaCipher(SeleneContext context, Padding padding, Hash oaepHash) {
    this.context = context;
    this.padding = padding;
    Hash h = oaepHash == null ? Hash.SHA1 : oaepHash;
    this.oaep = new OaepParams(h, Hash.SHA1, new byte[0]);
  }

  @Override
  protected synchronized void engineSetMode(String mode) throws NoSuchAlgorithmException {
    if (!mode.equalsIgnoreCase("ECB") && !mode.equalsIgnoreCase("NONE")) {
      throw new NoSuchAlgorithmException("RSA supports mode ECB (or NONE), not " + mode);
    }
  }

  @Override
  protected synchronized void engineSetPadding(String p) throws NoSuchPaddingException {
    String expected =
        switch (padding) {
          case PKCS1 -> "PKCS1PADDING";
          case NONE -> "NOPADDING";
          case OAEP -> "OAEP";
        };
    if (!p.toUpperCase(java.util.Locale.ROOT).startsWith(expected)) {
      throw new NoSuchPaddingException("this RSA cipher uses " + expected + ", not " + p);
    }
  }

  @Override
  protected synchronized int engineGetBlockSize() {
    return 0;
  }

  @Override
  protected synchronized int engineGetOutputSize(int inputLen) {
    return modulusBytes;
  }

  @Override
  protected synchronized byte[] engineGetIV() {
    return null;
  }

  @Override
  protected synchronized AlgorithmParameters engineGetParameters() {
    if (padding != Padding.OAEP) {
      return null;
    }
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("OAEP", "SunJCE");
      p.init(
          new OAEPParameterSpec(
              oaep.hash().jcaName(),
              "MGF1",
              new MGF1ParameterSpec(oaep.mgfHash().jcaName()),
              new PSource.PSpecified(oaep.label())));
      return p;
    } catch (GeneralSecurityException e) {
      throw new ProviderException("cannot encode the OAEP parameters", e);
    }
  }

  @Override
  protected synchronized void engineInit(int op, Key k, SecureRandom random)
      throws InvalidKeyException {
    try {
      engineInit(op, k, (AlgorithmParameterSpec) null, random);
    } catch (InvalidAlgorithmParameterException e) {
      throw new InvalidKeyException(e.getMessage(), e);
    }
  }

  @Override
  protected synchronized void engineInit(
      int op, Key k, AlgorithmParameters params, SecureRandom random)
      throws InvalidKeyException, InvalidAlgorithmParameterException {
    AlgorithmParameterSpec spec = null;
    if (params != null) {
      try {
        spec = params.getParameterSpec(OAEPParameterSpec.class);
      } catch (InvalidParameterSpecException e) {
        throw new InvalidAlgorithmParameterException(e.getMessage(), e);
      }
    }
    engineInit(op, k, spec, random);
  }

  @Override
  protected synchronized void engineInit(
      int op, Key k, AlgorithmParameterSpec params, SecureRandom random)
      throws InvalidKeyException, InvalidAlgorithmParameterException {
    OaepParams chosen = oaep;
    if (params instanceof OAEPParameterSpec o && padding == Padding.OAEP) {
      chosen = oaepParams(o);
    } else if (params != null) {
      throw new InvalidAlgorithmParameterException(
          params.getClass().getSimpleName() + " does not configure RSA " + padding);
    }
    KeyChecks.requireType(k, Ckk.RSA, "RSA " + padding);
    boolean publicOp = op == Cipher.ENCRYPT_MODE || op == Cipher.WRAP_MODE;
    boolean privateKey =
        k instanceof PrivateKey
            || k instanceof SeleneKey s && KeyAccess.object(s).objectClass() == Cko.PRIVATE_KEY;
    boolean publicKey =
        k instanceof PublicKey
            || k instanceof SeleneKey s && KeyAccess.object(s).objectClass() == Cko.PUBLIC_KEY;
    if (publicOp ? !publicKey : !privateKey) {
      throw Errors.invalidKey(
          Ckr.KEY_TYPE_INCONSISTENT,
          (publicOp
                  ? "encryption and wrapping" + " need an RSA public key"
                  : "decryption and unwrapping need an RSA private key")
              + ", not "
              + k.getClass().getSimpleName());
    }
    key = null;
    softwareKey = null;
    try {
      if (k instanceof SeleneKey s) {
        key = s;
      } else if (k instanceof PublicKey p) {
        softwareKey = SoftwareKeys.normalize(p);
      } else {
        Token token = context.workingToken();
        key = (SeleneKey) KeyImport.toSelene(token, (PrivateKey) k);
      }
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
    Key rsa = key != null ? key : softwareKey;
    if (!(rsa instanceof RSAKey r) || r.getModulus() == null) {
      throw Errors.invalidKey(Ckr.KEY_TYPE_INCONSISTENT, "not an RSA key: " + k);
    }
    modulusBytes = (r.getModulus().bitLength() + 7) / 8;
    oaep = chosen;
    opmode = op;
    buffer.reset();
  }

  private static OaepParams oaepParams(OAEPParameterSpec o)
      throws InvalidAlgorithmParameterException {
    if (!"MGF1".equalsIgnoreCase(o.getMGFAlgorithm())) {
      throw new InvalidAlgorithmParameterException(
          "only MGF1 is supported, not " + o.getMGFAlgorithm());
    }
    Hash h = Hashes.byName(o.getDigestAlgorithm());
    Hash mgf =
        o.getMGFParameters() instanceof MGF1ParameterSpec m
            ? Hashes.byName(m.getDigestAlgorithm())
            : Hash.SHA1;
    byte[] label = o.getPSource() instanceof PSource.PSpecified p ? p.getValue() : new byte[0];
    return new OaepParams(h, mgf, label);
  }

  @Override
  protected synchronized byte[] engineUpdate(byte[] input, int off, int len) {
    buffer.add(input, off, len);
    return new byte[0];
  }

  @Override
  protected synchronized int engineUpdate(byte[] input, int off, int len, byte[] out, int outOff) {
    buffer.add(input, off, len);
    return 0;
  }

  @Override
  protected synchronized byte[] engineDoFinal(byte[] input, int off, int len)
      throws IllegalBlockSizeException, BadPaddingException {
    if (key == null && softwareKey == null) {
      throw new IllegalStateException("the cipher is not initialized");
    }
    byte[] data = buffer.take(input, off, len);
    try {
      return opmode == Cipher.ENCRYPT_MODE ? encrypt(data) : decrypt(data);
    } catch (HsmException e) {
      GeneralSecurityException mapped = Errors.cipherFinal(e, false);
      if (mapped instanceof BadPaddingException b) {
        throw b;
      }
      throw (IllegalBlockSizeException) mapped;
    }
  }

  @Override
  protected synchronized int engineDoFinal(byte[] input, int off, int len, byte[] out, int outOff)
      throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
    byte[] r = engineDoFinal(input, off, len);
    if (out.length - outOff < r.length) {
      throw new ShortBufferException("output needs " + r.length + " bytes");
    }
    System.arraycopy(r, 0, out, outOff, r.length);
    return r.length;
  }

  private Mechanism mechanism() throws HsmException {
    return switch (padding) {
      case PKCS1 -> Mechanism.of(Ckm.RSA_PKCS);
      case NONE -> Mechanism.of(Ckm.RSA_X_509);
      case OAEP -> Mechanism.of(Ckm.RSA_PKCS_OAEP, oaep);
    };
  }

  private byte[] encrypt(byte[] data) throws HsmException {
    Mechanism m = mechanism();
    if (key != null) {
      long h = key.getKeyHandle();
      return KeyAccess.token(key).call((s, session) -> s.encrypt(session, m, h, data)).ciphertext();
    }
    PublicKey pub = softwareKey;
    return context
        .workingToken()
        .call((s, session) -> s.encryptWithPublicKey(session, m, pub, data));
  }

  private byte[] decrypt(byte[] data) throws HsmException {
    Mechanism m = mechanism();
    long h = key.getKeyHandle();
    return KeyAccess.token(key).call((s, session) -> s.decrypt(session, m, h, data));
  }

  @Override
  protected synchronized byte[] engineWrap(Key k)
      throws IllegalBlockSizeException, InvalidKeyException {
    try {
      Mechanism m = mechanism();
      if (k instanceof SeleneKey target) {
        SeleneKey wrapping =
            key != null && KeyAccess.token(key) == KeyAccess.token(target)
                ? key
                : (SeleneKey)
                    KeyImport.importPublic(
                        KeyAccess.token(target),
                        softwareKey != null ? softwareKey : (PublicKey) key);
        return KeyWrapping.wrap(wrapping, m, k, this::encrypt);
      }
      byte[] encoded = k.getEncoded();
      if (encoded == null) {
        throw Errors.invalidKey(Ckr.KEY_UNEXTRACTABLE, "key " + k + " has no encoding to wrap");
      }
      return encrypt(encoded);
    } catch (HsmException e) {
      if (e.returnCode() == Ckr.DATA_LEN_RANGE) {
        throw (IllegalBlockSizeException)
            new IllegalBlockSizeException(e.getMessage()).initCause(Errors.cryptoki(e));
      }
      throw Errors.invalidKey(e);
    }
  }

  @Override
  protected synchronized Key engineUnwrap(byte[] wrapped, String algorithm, int type)
      throws InvalidKeyException, NoSuchAlgorithmException {
    if (key == null || KeyAccess.object(key).objectClass() != Cko.PRIVATE_KEY) {
      throw new IllegalStateException("the cipher is not initialized to unwrap");
    }
    try {
      return KeyWrapping.unwrap(key, mechanism(), wrapped, algorithm, type, this::decrypt);
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }

  @Override
  protected synchronized int engineGetKeySize(Key k) throws InvalidKeyException {
    if (k instanceof RSAKey r && r.getModulus() != null) {
      return r.getModulus().bitLength();
    }
    throw new InvalidKeyException("not an RSA key: " + k);
  }
}
