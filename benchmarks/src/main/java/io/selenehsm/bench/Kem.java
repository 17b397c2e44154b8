package io.selenehsm.bench;

import io.selenehsm.provider.SeleneKem;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.bouncycastle.jcajce.SecretKeyWithEncapsulation;
import org.bouncycastle.jcajce.spec.KEMExtractSpec;
import org.bouncycastle.jcajce.spec.KEMGenerateSpec;

/**
 * ML-KEM as the routes offer it on Java 17, which has no {@code javax.crypto.KEM}: Selene through
 * {@link SeleneKem}, Bouncy Castle through its KEM {@code KeyGenerator}.
 */
interface Kem {
  /** What an encapsulation gives the sender: the ciphertext and the shared secret. */
  record Encapsulated(byte[] ciphertext, SecretKey key) {}

  Encapsulated encapsulate(PublicKey publicKey) throws Exception;

  SecretKey decapsulate(PrivateKey privateKey, byte[] ciphertext) throws Exception;

  /** The shared secret is a session object in the HSM (a 32-byte generic secret). */
  final class Selene implements Kem {
    @Override
    public Encapsulated encapsulate(PublicKey publicKey) throws Exception {
      SeleneKem.Encapsulated e = SeleneKem.encapsulate(publicKey);
      return new Encapsulated(e.ciphertext(), e.key());
    }

    @Override
    public SecretKey decapsulate(PrivateKey privateKey, byte[] ciphertext) throws Exception {
      return SeleneKem.decapsulate(privateKey, ciphertext);
    }
  }

  /** A JCA KEM key generator ("ML-KEM" in Bouncy Castle); the secret is a 256-bit AES key. */
  final class Jca implements Kem {
    private final KeyGenerator generator;

    Jca(Provider provider) throws Exception {
      this.generator = KeyGenerator.getInstance("ML-KEM", provider);
    }

    @Override
    public Encapsulated encapsulate(PublicKey publicKey) throws Exception {
      generator.init(new KEMGenerateSpec(publicKey, "AES"));
      SecretKeyWithEncapsulation k = (SecretKeyWithEncapsulation) generator.generateKey();
      return new Encapsulated(k.getEncapsulation(), k);
    }

    @Override
    public SecretKey decapsulate(PrivateKey privateKey, byte[] ciphertext) throws Exception {
      generator.init(new KEMExtractSpec(privateKey, ciphertext, "AES"));
      return generator.generateKey();
    }
  }
}
