package io.selenehsm.provider.spi;

import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.exception.SeleneException;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KemCalls;
import io.selenehsm.provider.internal.KeyImport;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.key.SeleneKey;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Objects;
import javax.crypto.DecapsulateException;
import javax.crypto.KEM;
import javax.crypto.KEMSpi;
import javax.crypto.SecretKey;

/**
 * {@code javax.crypto.KEM} for ML-KEM (FIPS 203), run by the HSM: the shared secret becomes a
 * session key inside the partition and never leaves it, as with
 * {@link io.selenehsm.provider.SeleneKem}. A software key is imported into the provider's
 * working partition first. Encapsulators and decapsulators hold only their key, so they may be
 * used from several threads at once.
 *
 * <p>The secret is the whole 32-byte ML-KEM secret: a sub-range ({@code from, to} other than
 * {@code 0, 32}) would need the secret's bytes outside the HSM, which a sensitive key forbids;
 * such a request gets the {@link UnsupportedOperationException} the KEM API specifies for an
 * unsupported range. The randomness comes from the HSM's generator, so a given
 * {@link SecureRandom} is not used.
 */
final class SeleneKemSpi implements KEMSpi {
  /** The named parameter sets and their ciphertext sizes. */
  enum ParameterSet {
    ML_KEM_512("ML-KEM-512", 768),
    ML_KEM_768("ML-KEM-768", 1088),
    ML_KEM_1024("ML-KEM-1024", 1568);

    private final String algorithm;
    private final int ciphertextBytes;

    ParameterSet(String algorithm, int ciphertextBytes) {
      this.algorithm = algorithm;
      this.ciphertextBytes = ciphertextBytes;
    }

    String algorithm() {
      return algorithm;
    }
  }

  private final SeleneContext context;
  /** Null for the "ML-KEM" service, which takes any parameter set. */
  private final ParameterSet required;

  SeleneKemSpi(SeleneContext context, ParameterSet required) {
    this.context = context;
    this.required = required;
  }

  @Override
  public EncapsulatorSpi engineNewEncapsulator(PublicKey publicKey, AlgorithmParameterSpec spec,
      SecureRandom secureRandom) throws InvalidAlgorithmParameterException, InvalidKeyException {
    noParameters(spec);
    SeleneKey key = inHsm(publicKey);
    return new Encapsulator(key, checkedSize(key));
  }

  @Override
  public DecapsulatorSpi engineNewDecapsulator(PrivateKey privateKey, AlgorithmParameterSpec spec)
      throws InvalidAlgorithmParameterException, InvalidKeyException {
    noParameters(spec);
    SeleneKey key = inHsm(privateKey);
    if (!(key instanceof PrivateKey)) {
      throw new InvalidKeyException("decapsulation needs an ML-KEM private key, got " + key);
    }
    return new Decapsulator((PrivateKey) key, checkedSize(key));
  }

  private static void noParameters(AlgorithmParameterSpec spec)
      throws InvalidAlgorithmParameterException {
    if (spec != null) {
      throw new InvalidAlgorithmParameterException("ML-KEM takes no parameters, got "
          + spec.getClass().getName());
    }
  }

  private SeleneKey inHsm(Key key) throws InvalidKeyException {
    if (key == null) {
      throw new InvalidKeyException("no key given");
    }
    if (key instanceof SeleneKey k) {
      return k;
    }
    try {
      return (SeleneKey) KeyImport.toSelene(context.workingToken(), key);
    } catch (HsmException e) {
      throw Errors.invalidKey(e);
    }
  }

  private int checkedSize(SeleneKey key) throws InvalidKeyException {
    int size = KemCalls.ciphertextSize(key);
    if (required != null && size != required.ciphertextBytes) {
      throw new InvalidKeyException(required.algorithm + " needs a key of that parameter set;"
          + " this key's ciphertexts are " + size + " bytes, not " + required.ciphertextBytes);
    }
    return size;
  }

  private static void checkRange(int from, int to, String algorithm) {
    Objects.checkFromToIndex(from, to, KemCalls.SECRET_BYTES);
    Objects.requireNonNull(algorithm, "algorithm");
    if (from != 0 || to != KemCalls.SECRET_BYTES) {
      throw new UnsupportedOperationException("the ML-KEM secret stays in the HSM as one key;"
          + " only the full range 0.." + KemCalls.SECRET_BYTES + " is offered, not "
          + from + ".." + to);
    }
  }

  /** The JDK names the default secret "Generic"; the HSM makes it a generic secret key. */
  private static String keyAlgorithm(String algorithm) {
    return algorithm.equals("Generic") ? "GenericSecret" : algorithm;
  }

  private static final class Encapsulator implements EncapsulatorSpi {
    private final SeleneKey key;
    private final int ciphertextBytes;

    Encapsulator(SeleneKey key, int ciphertextBytes) {
      this.key = key;
      this.ciphertextBytes = ciphertextBytes;
    }

    @Override
    public KEM.Encapsulated engineEncapsulate(int from, int to, String algorithm) {
      checkRange(from, to, algorithm);
      try {
        KemCalls.Encapsulated e = KemCalls.encapsulate(KeyAccess.token(key), (PublicKey) key,
            keyAlgorithm(algorithm));
        return new KEM.Encapsulated(e.key(), e.ciphertext(), null);
      } catch (InvalidKeyException e) {
        // The key was accepted when the encapsulator was made; the HSM refused it since.
        throw new SeleneException("ML-KEM encapsulation failed: " + e.getMessage(), e);
      }
    }

    @Override
    public int engineSecretSize() {
      return KemCalls.SECRET_BYTES;
    }

    @Override
    public int engineEncapsulationSize() {
      return ciphertextBytes;
    }
  }

  private static final class Decapsulator implements DecapsulatorSpi {
    private final PrivateKey key;
    private final int ciphertextBytes;

    Decapsulator(PrivateKey key, int ciphertextBytes) {
      this.key = key;
      this.ciphertextBytes = ciphertextBytes;
    }

    @Override
    public SecretKey engineDecapsulate(byte[] encapsulation, int from, int to, String algorithm)
        throws DecapsulateException {
      checkRange(from, to, algorithm);
      Objects.requireNonNull(encapsulation, "encapsulation");
      try {
        KemCalls.checkCiphertext(encapsulation, ciphertextBytes);
        return KemCalls.decapsulate(KeyAccess.token(key), key, encapsulation,
            keyAlgorithm(algorithm));
      } catch (HsmException | InvalidKeyException e) {
        throw new DecapsulateException("ML-KEM decapsulation failed: " + e.getMessage(), e);
      }
    }

    @Override
    public int engineSecretSize() {
      return KemCalls.SECRET_BYTES;
    }

    @Override
    public int engineEncapsulationSize() {
      return ciphertextBytes;
    }
  }
}
