package io.selenehsm.provider.spi;

import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
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
 * Every Selene signature. Input is collected and signed or verified in one engine command with
 * the key's handle; a software public key is verified by the engine without becoming an object.
 */
final class SeleneSignature extends SignatureSpi {
  private final SeleneContext context;
  private final SignatureScheme scheme;
  private final InputBuffer buffer = new InputBuffer();
  private PSSParameterSpec pss;
  private SeleneKey key;
  private PublicKey softwareKey;
  private boolean signing;

  SeleneSignature(SeleneContext context, SignatureScheme scheme) {
    this.context = context;
    this.scheme = scheme;
  }

  @Override
  protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
    try {
      Token token = privateKey instanceof SeleneKey k ? k.token() : context.workingToken();
      SeleneKey k = KeyImport.toSelene(token, privateKey);
      if (k.keyObject().objectClass() != Cko.PRIVATE_KEY) {
        throw Errors.invalidKey(Ckr.KEY_TYPE_INCONSISTENT, "signing needs a private key, not "
            + k);
      }
      start(k, null, true);
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }

  @Override
  protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
    if (publicKey instanceof SeleneKey k) {
      start(k, null, false);
      return;
    }
    try {
      start(null, SoftwareKeys.normalize(publicKey), false);
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }

  private void start(SeleneKey k, PublicKey software, boolean sign) {
    key = k;
    softwareKey = software;
    signing = sign;
    buffer.reset();
  }

  @Override
  protected void engineUpdate(byte b) throws SignatureException {
    requireInit();
    buffer.add(b);
  }

  @Override
  protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
    requireInit();
    buffer.add(b, off, len);
  }

  @Override
  protected void engineUpdate(ByteBuffer input) {
    if (key == null && softwareKey == null) {
      throw new ProviderException("the signature is not initialized");
    }
    buffer.add(input);
  }

  @Override
  protected byte[] engineSign() throws SignatureException {
    requireInit();
    if (!signing) {
      throw new SignatureException("the signature was initialized for verification");
    }
    byte[] data = scheme.prepare(buffer.take());
    try {
      Mechanism m = scheme.mechanism(pss);
      long handle = key.getKeyHandle();
      return key.token().call((s, h) -> s.sign(h, m, handle, data));
    } catch (HsmException e) {
      throw Errors.signature(e);
    }
  }

  @Override
  protected boolean engineVerify(byte[] signature) throws SignatureException {
    requireInit();
    if (signing) {
      throw new SignatureException("the signature was initialized for signing");
    }
    byte[] data = scheme.prepare(buffer.take());
    try {
      Mechanism m = scheme.mechanism(pss);
      if (key != null) {
        long handle = key.getKeyHandle();
        key.token().call((s, h) -> {
          s.verify(h, m, handle, data, signature);
          return null;
        });
      } else {
        PublicKey pub = softwareKey;
        context.workingToken().call((s, h) -> {
          s.verifyWithPublicKey(h, m, pub, data, signature);
          return null;
        });
      }
      return true;
    } catch (HsmException e) {
      if (Errors.isInvalidSignature(e)) {
        return false;
      }
      throw Errors.signature(e);
    }
  }

  private void requireInit() throws SignatureException {
    if (key == null && softwareKey == null) {
      throw new SignatureException("the signature is not initialized");
    }
  }

  @Override
  protected void engineSetParameter(AlgorithmParameterSpec params)
      throws InvalidAlgorithmParameterException {
    if (scheme.kind == SignatureScheme.Kind.PSS && params instanceof PSSParameterSpec p) {
      try {
        SignatureScheme.pssParams(p);
      } catch (SignatureException e) {
        throw new InvalidAlgorithmParameterException(e.getMessage(), e);
      }
      pss = p;
      return;
    }
    if (params != null) {
      throw new InvalidAlgorithmParameterException("this signature takes no parameters of type "
          + params.getClass().getName());
    }
  }

  @Override
  protected AlgorithmParameters engineGetParameters() {
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
  protected void engineSetParameter(String param, Object value) {
    throw new InvalidParameterException("Selene signatures have no named parameters");
  }

  @Override
  @Deprecated
  protected Object engineGetParameter(String param) {
    throw new InvalidParameterException("Selene signatures have no named parameters");
  }
}
