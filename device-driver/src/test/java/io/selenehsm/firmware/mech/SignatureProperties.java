package io.selenehsm.firmware.mech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Signatures and MACs: chunking invariance, verification by an implementation other than the one
 * the layer signed with, and rejection of every tampered signature or tag.
 */
class SignatureProperties {
  private static final MechanismService SVC = TestKeys.SVC;
  private static final Provider BC = new BouncyCastleProvider();
  private static final SecretKeySpec HMAC_KEY = new SecretKeySpec(new byte[32], "GenericSecret");
  private static final SecretKeySpec AES_KEY = new SecretKeySpec(new byte[16], "AES");

  static byte[] signChunked(Signer s, byte[] data, int chunk) throws HsmException {
    for (int off = 0; off < data.length; off += chunk) {
      s.update(data, off, Math.min(chunk, data.length - off));
    }
    return s.sign();
  }

  @Property(tries = 100)
  void macsAndDeterministicSignaturesAreChunkingInvariant(
      @ForAll @Size(max = 500) byte[] data, @ForAll @IntRange(min = 1, max = 100) int chunk)
      throws Exception {
    Object[][] cases = {
      {Mechanism.of(Ckm.SHA256_HMAC), HMAC_KEY},
      {Mechanism.of(Ckm.SHA3_384_HMAC), HMAC_KEY},
      {Mechanism.of(Ckm.AES_CMAC), AES_KEY},
      {Mechanism.of(Ckm.AES_GMAC, new GmacParams(new byte[12])), AES_KEY},
      {Mechanism.of(Ckm.SHA256_RSA_PKCS), TestKeys.RSA_1024.getPrivate()},
      {Mechanism.of(Ckm.EDDSA), TestKeys.ED25519.getPrivate()}
    };
    for (Object[] c : cases) {
      Mechanism m = (Mechanism) c[0];
      java.security.Key k = (java.security.Key) c[1];
      assertArrayEquals(
          SVC.signer(m, k).sign(data), signChunked(SVC.signer(m, k), data, chunk), m.toString());
    }
    Digester d = SVC.digester(Mechanism.of(Ckm.SHA512));
    for (int off = 0; off < data.length; off += chunk) {
      d.update(data, off, Math.min(chunk, data.length - off));
    }
    assertArrayEquals(MessageDigest.getInstance("SHA-512").digest(data), d.digest());
  }

  @Property(tries = 20)
  void signaturesVerifyWithAnIndependentImplementation(@ForAll @Size(max = 200) byte[] data)
      throws Exception {
    // RSA, P-256 ECDSA and Ed25519 are signed by ACCP when loaded: checked with the JDK.
    jdk(
        "SHA256withRSA",
        TestKeys.RSA_2048.getPublic(),
        data,
        SVC.signer(Mechanism.of(Ckm.SHA256_RSA_PKCS), TestKeys.RSA_2048.getPrivate()).sign(data));
    jdk(
        "SHA256withECDSA",
        TestKeys.P256.getPublic(),
        data,
        SVC.signer(
                Mechanism.of(Ckm.ECDSA_SHA256, SignatureFormatParams.DER),
                TestKeys.P256.getPrivate())
            .sign(data));
    jdk(
        "SHA256withECDSAinP1363Format",
        TestKeys.P256.getPublic(),
        data,
        SVC.signer(Mechanism.of(Ckm.ECDSA_SHA256), TestKeys.P256.getPrivate()).sign(data));
    jdk(
        "Ed25519",
        TestKeys.ED25519.getPublic(),
        data,
        SVC.signer(Mechanism.of(Ckm.EDDSA), TestKeys.ED25519.getPrivate()).sign(data));
    PSSParameterSpec pss = new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA256, 20, 1);
    Signature s = Signature.getInstance("RSASSA-PSS");
    s.setParameter(pss);
    s.initVerify(TestKeys.RSA_2048.getPublic());
    s.update(data);
    assertTrue(
        s.verify(
            SVC.signer(
                    Mechanism.of(
                        Ckm.SHA384_RSA_PKCS_PSS, new PssParams(Hash.SHA384, Hash.SHA256, 20)),
                    TestKeys.RSA_2048.getPrivate())
                .sign(data)));
    // Ed448 and DSA are signed by BC or the JDK: checked with the other one.
    jdk(
        "Ed448",
        TestKeys.ED448.getPublic(),
        data,
        SVC.signer(Mechanism.of(Ckm.EDDSA), TestKeys.ED448.getPrivate()).sign(data));
    byte[] dsa =
        SVC.signer(
                Mechanism.of(Ckm.DSA_SHA256, SignatureFormatParams.DER),
                TestKeys.DSA_2048.getPrivate())
            .sign(data);
    with(BC, "SHA256withDSA", TestKeys.DSA_2048.getPublic(), data, dsa);
    // Brainpool and secp256k1 ECDSA and ML-DSA run on BC: checked with ACCP where it has the
    // algorithm, else with BC's low-level API through a fresh provider instance.
    byte[] bp =
        SVC.signer(
                Mechanism.of(Ckm.ECDSA_SHA256, SignatureFormatParams.DER),
                TestKeys.BRAINPOOL_256.getPrivate())
            .sign(data);
    with(BC, "SHA256withECDSA", TestKeys.BRAINPOOL_256.getPublic(), data, bp);
    byte[] ml = SVC.signer(Mechanism.of(Ckm.ML_DSA), TestKeys.ML_DSA_44.getPrivate()).sign(data);
    with(
        Primitives.provider(Primitives.Source.ACCP).orElse(BC),
        "ML-DSA",
        TestKeys.ML_DSA_44.getPublic(),
        data,
        ml);
  }

  @Property(tries = 10)
  void x931SignaturesFollowTheStandardFormat(@ForAll @Size(max = 100) byte[] data)
      throws Exception {
    byte[] sig =
        SVC.signer(Mechanism.of(Ckm.SHA256_RSA_X9_31), TestKeys.RSA_2048.getPrivate()).sign(data);
    // Independent check (ANSI X9.31 §A.2): t = s^e mod n, take t or n - t, whichever is 12 mod 16;
    // the block is 6b bb..bb ba || SHA-256(data) || 34 cc.
    RSAPublicKey pub = (RSAPublicKey) TestKeys.RSA_2048.getPublic();
    BigInteger t = new BigInteger(1, sig).modPow(pub.getPublicExponent(), pub.getModulus());
    if (t.and(BigInteger.valueOf(15)).intValue() != 12) {
      t = pub.getModulus().subtract(t);
    }
    byte[] block = t.toByteArray();
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(data);
    int n = block.length;
    assertEquals(0x6b, block[0] & 0xff);
    assertEquals(0xba, block[n - 2 - 32 - 1] & 0xff);
    assertArrayEquals(hash, Arrays.copyOfRange(block, n - 34, n - 2));
    assertEquals(0x34, block[n - 2] & 0xff);
    assertEquals(0xcc, block[n - 1] & 0xff);
    SVC.verifier(Mechanism.of(Ckm.SHA256_RSA_X9_31), pub).verify(data, sig);
  }

  @Property(tries = 60)
  void everyBitFlipAndTruncationOfASignatureOrTagIsRejected(
      @ForAll @Size(max = 64) byte[] data, @ForAll @IntRange(min = 0, max = 10_000) int position)
      throws Exception {
    KeyPair ec = TestKeys.P256;
    Object[][] cases = {
      {Mechanism.of(Ckm.SHA256_HMAC), HMAC_KEY, HMAC_KEY},
      {Mechanism.of(Ckm.SHA256_HMAC_GENERAL, new MacLengthParams(16)), HMAC_KEY, HMAC_KEY},
      {Mechanism.of(Ckm.AES_CMAC), AES_KEY, AES_KEY},
      {Mechanism.of(Ckm.ECDSA_SHA256), ec.getPrivate(), ec.getPublic()},
      {Mechanism.of(Ckm.ECDSA_SHA256, SignatureFormatParams.DER), ec.getPrivate(), ec.getPublic()},
      {Mechanism.of(Ckm.EDDSA), TestKeys.ED25519.getPrivate(), TestKeys.ED25519.getPublic()},
      {
        Mechanism.of(Ckm.SHA256_RSA_PKCS),
        TestKeys.RSA_1024.getPrivate(),
        TestKeys.RSA_1024.getPublic()
      },
      {Mechanism.of(Ckm.RSA_X_509), TestKeys.RSA_1024.getPrivate(), TestKeys.RSA_1024.getPublic()}
    };
    for (Object[] c : cases) {
      Mechanism m = (Mechanism) c[0];
      byte[] sig = SVC.signer(m, (java.security.Key) c[1]).sign(data);
      SVC.verifier(m, (java.security.Key) c[2]).verify(data, sig);
      byte[] flipped = sig.clone();
      int bit = position % (sig.length * 8);
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      HsmException e =
          assertThrows(
              HsmException.class,
              () -> SVC.verifier(m, (java.security.Key) c[2]).verify(data, flipped),
              m.toString());
      assertTrue(
          e.returnCode() == Ckr.SIGNATURE_INVALID || e.returnCode() == Ckr.SIGNATURE_LEN_RANGE,
          e.getMessage());
      byte[] truncated = Arrays.copyOf(sig, position % sig.length);
      assertThrows(
          HsmException.class,
          () -> SVC.verifier(m, (java.security.Key) c[2]).verify(data, truncated));
    }
  }

  private static void jdk(String alg, PublicKey key, byte[] data, byte[] sig) throws Exception {
    Signature s = Signature.getInstance(alg);
    s.initVerify(key);
    s.update(data);
    assertTrue(s.verify(sig), alg + " (JDK) rejects the layer's signature");
  }

  private static void with(Provider p, String alg, PublicKey key, byte[] data, byte[] sig)
      throws Exception {
    Signature s = Signature.getInstance(alg, p);
    s.initVerify(key);
    s.update(data);
    assertTrue(s.verify(sig), alg + " (" + p.getName() + ") rejects the layer's signature");
  }
}
