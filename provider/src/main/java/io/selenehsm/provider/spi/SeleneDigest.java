package io.selenehsm.provider.spi;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.mech.Hash;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.internal.Token;
import java.nio.ByteBuffer;
import java.security.MessageDigestSpi;

/**
 * Digests computed by the HSM: one C_Digest for small input, C_DigestInit/Update/Final once it
 * grows (see {@link StreamedInput}). Cloneable while the input is still collected here.
 */
final class SeleneDigest extends MessageDigestSpi implements Cloneable {
  private final SeleneContext context;
  private final Hash hash;
  private StreamedInput input = new StreamedInput(this);
  private final StreamedInput.MultiPart multiPart;

  SeleneDigest(SeleneContext context, Hash hash) {
    this.context = context;
    this.hash = hash;
    Mechanism m = Mechanism.of(hash.digestMechanism());
    this.multiPart =
        new StreamedInput.MultiPart() {
          @Override
          public Token token() throws HsmException {
            return context.workingToken();
          }

          @Override
          public void init(Slot slot, long session) throws HsmException {
            slot.digestInit(session, m);
          }

          @Override
          public void update(Slot slot, long session, byte[] chunk) throws HsmException {
            slot.digestUpdate(session, chunk);
          }
        };
  }

  @Override
  protected int engineGetDigestLength() {
    return hash.length();
  }

  @Override
  protected void engineUpdate(byte b) {
    try {
      input.add(b, multiPart);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  @Override
  protected void engineUpdate(byte[] b, int offset, int len) {
    try {
      input.add(b, offset, len, multiPart);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  @Override
  protected void engineUpdate(ByteBuffer b) {
    try {
      input.add(b, multiPart);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  @Override
  protected byte[] engineDigest() {
    Mechanism m = Mechanism.of(hash.digestMechanism());
    try {
      return input.finish(
          data -> context.workingToken().call((s, h) -> s.digest(h, m, data)),
          (s, h) -> s.digestFinal(h),
          multiPart);
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  @Override
  protected void engineReset() {
    input.reset();
  }

  @Override
  public Object clone() throws CloneNotSupportedException {
    SeleneDigest c = (SeleneDigest) super.clone();
    c.input = input.copyFor(c);
    return c;
  }
}
