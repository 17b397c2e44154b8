package io.selenehsm.server.wire;

import com.google.protobuf.ByteString;
import io.selenehsm.firmware.mech.Primitives;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.server.trust.SoftwareJca;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link PublicKey} as its JCA algorithm name and X.509 (SubjectPublicKeyInfo) encoding, decoded
 * by a key factory of that algorithm: an installed provider's, else Bouncy Castle's (ML-DSA and
 * ML-KEM on a JDK that has none). The name only selects a registered key factory; it never names a
 * class.
 */
final class PublicKeyCodec implements ValueCodec {
  static final PublicKeyCodec INSTANCE = new PublicKeyCodec();

  /** What JCA algorithm names look like ("EC", "RSA", "ML-DSA-65", "Ed25519", "1.2.840..."). */
  private static final Pattern ALGORITHM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}");

  private PublicKeyCodec() {}

  @Override
  public Value encode(Object value, SlotRefs refs) throws HsmException {
    PublicKey key = (PublicKey) value;
    byte[] x509 = key.getEncoded();
    if (x509 == null || !"X.509".equals(key.getFormat())) {
      throw WireErrors.bad(
          key.getAlgorithm()
              + " public key has no X.509 encoding (format "
              + key.getFormat()
              + ")");
    }
    return Value.newBuilder()
        .setPublicKey(
            EncodedKey.newBuilder()
                .setAlgorithm(key.getAlgorithm())
                .setX509(ByteString.copyFrom(x509)))
        .build();
  }

  @Override
  public Object decode(Value value, SlotResolver slots) throws HsmException {
    if (!value.hasPublicKey()) {
      throw WireErrors.expected("public key", value);
    }
    EncodedKey k = value.getPublicKey();
    String algorithm = k.getAlgorithm();
    if (!ALGORITHM.matcher(algorithm).matches()) {
      throw WireErrors.bad("public key algorithm " + WireErrors.quote(algorithm) + " is no name");
    }
    X509EncodedKeySpec spec = new X509EncodedKeySpec(k.getX509().toByteArray());
    try {
      return factory(algorithm).generatePublic(spec);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw WireErrors.bad(algorithm + " public key refused: " + e.getMessage());
    }
  }

  private static KeyFactory factory(String algorithm) throws NoSuchAlgorithmException {
    // The engine runs ML-DSA and ML-KEM on Bouncy Castle, which refuses other providers' key
    // classes (a JDK 24+ has its own factories): those keys are decoded by BC first.
    if (algorithm.regionMatches(true, 0, "ML-DSA", 0, 6)
        || algorithm.regionMatches(true, 0, "ML-KEM", 0, 6)) {
      Optional<Provider> bc = Primitives.provider(Primitives.Source.BC);
      if (bc.isPresent()) {
        return KeyFactory.getInstance(algorithm, bc.get());
      }
    }
    // Never the Selene provider: decoding a key must not ask the devices it is sent to.
    return KeyFactory.getInstance(algorithm, SoftwareJca.provider("KeyFactory", algorithm));
  }
}
