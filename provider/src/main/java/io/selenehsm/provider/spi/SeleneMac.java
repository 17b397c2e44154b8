package io.selenehsm.provider.spi;

import io.selenehsm.firmware.mech.GmacParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyImport;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.internal.Token;
import io.selenehsm.provider.key.SeleneKey;
import java.nio.ByteBuffer;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.MacSpi;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/** HMAC, CMAC and GMAC: input collected, one C_Sign per doFinal with the key's handle. */
final class SeleneMac extends MacSpi implements Cloneable {
  private final SeleneContext context;
  private final long mechanism;
  private final int length;
  private final boolean gmac;
  private InputBuffer buffer = new InputBuffer();
  private SeleneKey key;
  private Mechanism prepared;

  SeleneMac(SeleneContext context, long mechanism, int length, boolean gmac) {
    this.context = context;
    this.mechanism = mechanism;
    this.length = length;
    this.gmac = gmac;
  }

  @Override
  protected int engineGetMacLength() {
    return length;
  }

  @Override
  protected void engineInit(Key k, AlgorithmParameterSpec params)
      throws InvalidKeyException, InvalidAlgorithmParameterException {
    try {
      if (gmac) {
        byte[] iv = params instanceof GCMParameterSpec g ? g.getIV()
            : params instanceof IvParameterSpec i ? i.getIV() : null;
        if (iv == null) {
          throw new InvalidAlgorithmParameterException("AES-GMAC needs an IV"
              + " (GCMParameterSpec or IvParameterSpec)");
        }
        prepared = Mechanism.of(mechanism, new GmacParams(iv));
      } else if (params != null) {
        throw new InvalidAlgorithmParameterException("this MAC takes no parameters");
      } else {
        prepared = Mechanism.of(mechanism);
      }
    } catch (HsmException e) {
      throw Errors.invalidParameter(e);
    }
    try {
      Token token = k instanceof SeleneKey s ? s.token() : context.workingToken();
      SeleneKey resolved = KeyImport.toSelene(token, k);
      if (resolved.keyObject().objectClass() != Cko.SECRET_KEY) {
        throw Errors.invalidKey(Ckr.KEY_TYPE_INCONSISTENT, "a MAC needs a secret key, not "
            + resolved);
      }
      key = resolved;
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
    buffer.reset();
  }

  @Override
  protected void engineUpdate(byte input) {
    buffer.add(input);
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int len) {
    buffer.add(input, offset, len);
  }

  @Override
  protected void engineUpdate(ByteBuffer input) {
    buffer.add(input);
  }

  @Override
  protected byte[] engineDoFinal() {
    if (key == null) {
      throw new IllegalStateException("the MAC is not initialized");
    }
    byte[] data = buffer.take();
    Mechanism m = prepared;
    long h = key.getKeyHandle();
    try {
      return key.token().call((s, session) -> s.sign(session, m, h, data));
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  @Override
  protected void engineReset() {
    buffer.reset();
  }

  @Override
  public Object clone() throws CloneNotSupportedException {
    SeleneMac c = (SeleneMac) super.clone();
    c.buffer = new InputBuffer();
    c.buffer.add(buffer.toByteArray(), 0, buffer.size());
    return c;
  }
}
