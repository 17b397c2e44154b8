package io.selenehsm.provider.spi;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.mech.GmacParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.MechanismInfo;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.KeyImport;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.internal.SessionCall;
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

/**
 * HMAC, CMAC and GMAC over the key's handle: one single-part C_Sign per doFinal for small input,
 * C_SignInit/Update/Final once it grows (see {@link StreamedInput}).
 *
 * <p>Threads: a JCA engine object belongs to one thread at a time, but a shared one must not
 * corrupt its buffers or strand a pinned session, so every engine method holds this object's
 * monitor: concurrent misuse is serialised (one operation's calls may interleave with another's, as
 * the caller asked), never torn. Uncontended, the monitor costs an atomic instruction on entry and
 * on exit; the one exception is a reset with nothing to reset (the one Mac.doFinal makes after
 * every doFinal), which reads the input's state without it (see {@link #engineReset}).
 */
final class SeleneMac extends MacSpi implements Cloneable {
  private final SeleneContext context;
  private final long mechanism;
  private final int length;
  private final boolean gmac;
  private StreamedInput input = new StreamedInput(this);
  private SeleneKey key;
  private Mechanism prepared;
  private StreamedInput.MultiPart multiPart;
  private SinglePartSign singlePart = new SinglePartSign();

  SeleneMac(SeleneContext context, long mechanism, int length, boolean gmac) {
    this.context = context;
    this.mechanism = mechanism;
    this.length = length;
    this.gmac = gmac;
  }

  @Override
  protected synchronized int engineGetMacLength() {
    return length;
  }

  @Override
  protected synchronized void engineInit(Key k, AlgorithmParameterSpec params)
      throws InvalidKeyException, InvalidAlgorithmParameterException {
    try {
      if (gmac) {
        byte[] iv =
            params instanceof GCMParameterSpec g
                ? g.getIV()
                : params instanceof IvParameterSpec i ? i.getIV() : null;
        if (iv == null) {
          throw new InvalidAlgorithmParameterException(
              "AES-GMAC needs an IV" + " (GCMParameterSpec or IvParameterSpec)");
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
    KeyChecks.present(k, "a MAC");
    try {
      Token token = k instanceof SeleneKey s ? KeyAccess.token(s) : context.workingToken();
      MechanismInfo info = KeyChecks.mechanismInfo(token.slot(), mechanism);
      if (info != null) {
        // Checked here, so a key the engine would refuse at doFinal fails at init instead.
        KeyChecks.requireAccepted(k, info, "this MAC");
      }
      SeleneKey resolved = (SeleneKey) KeyImport.toSelene(token, k);
      if (KeyAccess.object(resolved).objectClass() != Cko.SECRET_KEY) {
        throw Errors.invalidKey(
            Ckr.KEY_TYPE_INCONSISTENT, "a MAC needs a secret key, not " + resolved);
      }
      input.reset();
      key = resolved;
      multiPart = multiPart(resolved, prepared);
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }

  /** Streams with the key and mechanism of the current init (values, so clones share it). */
  private static StreamedInput.MultiPart multiPart(SeleneKey k, Mechanism m) {
    return new StreamedInput.MultiPart() {
      @Override
      public Token token() {
        return KeyAccess.token(k);
      }

      @Override
      public void init(Slot slot, long session) throws HsmException {
        slot.signInit(session, m, k.getKeyHandle());
      }

      @Override
      public void update(Slot slot, long session, byte[] chunk) throws HsmException {
        slot.signUpdate(session, chunk);
      }
    };
  }

  private void requireInit() {
    if (key == null) {
      throw new IllegalStateException("the MAC is not initialized");
    }
  }

  @Override
  protected synchronized void engineUpdate(byte b) {
    requireInit();
    try {
      input.add(b, multiPart);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  @Override
  protected synchronized void engineUpdate(byte[] b, int offset, int len) {
    requireInit();
    try {
      input.add(b, offset, len, multiPart);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  @Override
  protected synchronized void engineUpdate(ByteBuffer b) {
    requireInit();
    try {
      input.add(b, multiPart);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  @Override
  protected synchronized byte[] engineDoFinal() {
    requireInit();
    try {
      return input.finish(singlePart, (s, session) -> s.signFinal(session), multiPart);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  /**
   * The single-part C_Sign of a doFinal with the key and mechanism of the current init: one object
   * per engine, reused by every doFinal (which holds the monitor), where a 1 KiB HMAC allocated two
   * closures per call. Bound to its engine, so {@link #clone} gives the copy its own.
   */
  private final class SinglePartSign
      implements StreamedInput.SinglePart<byte[], RuntimeException>, SessionCall<byte[]> {
    private byte[] data;

    @Override
    public byte[] run(byte[] all) throws HsmException {
      data = all;
      try {
        return KeyAccess.token(key).call(this);
      } finally {
        data = null;
      }
    }

    @Override
    public byte[] run(Slot slot, long session) throws HsmException {
      return slot.sign(session, prepared, key.getKeyHandle(), data);
    }
  }

  /**
   * Mac.doFinal calls this after every engineDoFinal, which has already emptied the input: then
   * there is nothing to reset and the monitor is not taken (one of three monitor round trips per
   * "update, doFinal" round, in the 2-thread HMAC profile). Read without the monitor, an input
   * another thread added concurrently may be missed: the caller did not order that update before
   * this reset, so the reset may take effect first, as if it ran first. Input this thread added, or
   * was handed through anything that synchronises (a queue, a lock, a future), is seen.
   */
  @Override
  protected void engineReset() {
    if (input.isEmpty()) {
      return;
    }
    synchronized (this) {
      input.reset();
    }
  }

  /** Cloneable while the input is collected here (see {@link StreamedInput#copyFor}). */
  @Override
  public synchronized Object clone() throws CloneNotSupportedException {
    SeleneMac c = (SeleneMac) super.clone();
    c.input = input.copyFor(c);
    c.singlePart = c.new SinglePartSign();
    return c;
  }
}
