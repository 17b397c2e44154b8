package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;
import org.bouncycastle.pqc.crypto.util.PrivateKeyFactory;
import org.bouncycastle.pqc.crypto.util.PublicKeyFactory;

/**
 * ML-KEM (FIPS 203) encapsulation on Bouncy Castle's implementation (neither JDK 17 nor ACCP has
 * it).
 */
final class MlKem implements KemOperation {
  private final SecureRandom random;

  MlKem(SecureRandom random) {
    this.random = random;
  }

  @Override
  public Encapsulation encapsulate(PublicKey recipient) throws HsmException {
    MLKEMPublicKeyParameters pub;
    try {
      pub = (MLKEMPublicKeyParameters) PublicKeyFactory.createKey(recipient.getEncoded());
    } catch (Exception e) {
      throw new HsmException(
          Ckr.KEY_TYPE_INCONSISTENT, "not an ML-KEM public key: " + e.getMessage(), e);
    }
    try {
      SecretWithEncapsulation s = new MLKEMGenerator(random).generateEncapsulated(pub);
      Encapsulation out = new Encapsulation(s.getSecret(), s.getEncapsulation());
      s.destroy();
      return out;
    } catch (Exception e) {
      throw Primitives.general("ML-KEM encapsulation", e);
    }
  }

  @Override
  public byte[] decapsulate(PrivateKey key, byte[] ciphertext) throws HsmException {
    MLKEMPrivateKeyParameters priv;
    try {
      priv = (MLKEMPrivateKeyParameters) PrivateKeyFactory.createKey(key.getEncoded());
    } catch (Exception e) {
      throw new HsmException(
          Ckr.KEY_TYPE_INCONSISTENT, "not an ML-KEM private key: " + e.getMessage(), e);
    }
    MLKEMExtractor extractor = new MLKEMExtractor(priv);
    if (ciphertext.length != extractor.getEncapsulationLength()) {
      throw new HsmException(
          Ckr.ENCRYPTED_DATA_LEN_RANGE,
          "ML-KEM ciphertext length "
              + ciphertext.length
              + ": must be "
              + extractor.getEncapsulationLength()
              + " bytes");
    }
    return extractor.extractSecret(ciphertext);
  }
}
