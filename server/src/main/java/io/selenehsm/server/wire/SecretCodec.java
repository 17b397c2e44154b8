package io.selenehsm.server.wire;

import com.google.protobuf.ByteString;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code char[]} secrets (PINs, authorization data) as UTF-8. The codec's own buffers are wiped
 * once the value is built; the message's bytes belong to protobuf and gRPC and are dropped with the
 * message. Characters that are no valid UTF-16 are refused: replacing them would change the secret.
 */
final class SecretCodec implements ValueCodec {
  static final SecretCodec INSTANCE = new SecretCodec();

  private SecretCodec() {}

  @Override
  public Value encode(Object value, SlotRefs refs) throws HsmException {
    char[] chars = (char[]) value;
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    // Sized for the worst case (3 bytes a char) so the encoder never grows a buffer we cannot wipe.
    byte[] out = new byte[chars.length * 3];
    try {
      ByteBuffer bytes = ByteBuffer.wrap(out);
      CoderResult r = encoder.encode(CharBuffer.wrap(chars), bytes, true);
      if (!r.isUnderflow()) {
        throw WireErrors.bad("secret is no valid UTF-16 text (an unpaired surrogate)");
      }
      encoder.flush(bytes);
      return Value.newBuilder().setSecret(ByteString.copyFrom(out, 0, bytes.position())).build();
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }

  @Override
  public Object decode(Value value, SlotResolver slots) throws HsmException {
    if (!value.hasSecret()) {
      throw WireErrors.expected("secret", value);
    }
    ByteString secret = value.getSecret();
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    // UTF-8 never decodes to more chars than it has bytes.
    char[] out = new char[secret.size()];
    try {
      CharBuffer chars = CharBuffer.wrap(out);
      CoderResult r = decoder.decode(secret.asReadOnlyByteBuffer(), chars, true);
      if (!r.isUnderflow()) {
        throw WireErrors.bad("secret is no valid UTF-8");
      }
      decoder.flush(chars);
      return Arrays.copyOf(out, chars.position());
    } finally {
      Arrays.fill(out, '\0');
    }
  }
}
