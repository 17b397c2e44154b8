package io.selenehsm.provider.spi;

import io.selenehsm.firmware.mech.Hash;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.SeleneContext;
import java.nio.ByteBuffer;
import java.security.MessageDigestSpi;

/** Digests computed by the HSM (C_Digest over the collected input); cloneable. */
final class SeleneDigest extends MessageDigestSpi implements Cloneable {
  private final SeleneContext context;
  private final Hash hash;
  private InputBuffer buffer = new InputBuffer();

  SeleneDigest(SeleneContext context, Hash hash) {
    this.context = context;
    this.hash = hash;
  }

  @Override
  protected int engineGetDigestLength() {
    return hash.length();
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
  protected byte[] engineDigest() {
    byte[] data = buffer.take();
    Mechanism m = Mechanism.of(hash.digestMechanism());
    try {
      return context.workingToken().call((s, h) -> s.digest(h, m, data));
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
    SeleneDigest c = (SeleneDigest) super.clone();
    c.buffer = new InputBuffer();
    c.buffer.add(buffer.toByteArray(), 0, buffer.size());
    return c;
  }
}
