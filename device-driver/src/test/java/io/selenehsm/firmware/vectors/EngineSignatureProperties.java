package io.selenehsm.firmware.vectors;

import static io.selenehsm.firmware.vectors.EngineKeys.E;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Hash;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.Primitives;
import io.selenehsm.firmware.mech.PssParams;
import io.selenehsm.firmware.mech.SignatureFormatParams;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.rc.ReturnCodes;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pqc.crypto.mldsa.MLDSASigner;
import org.bouncycastle.pqc.crypto.util.PublicKeyFactory;

/**
 * Signatures and MACs through the engine: multi-part equals single-part in any chunking, signatures
 * verify with an implementation other than the one the engine signed with, and every truncation and
 * bit flip of a tag or signature is refused with a signature (or, for GCM, encrypted-data) code.
 */
class EngineSignatureProperties {
  private static final Provider BC = new BouncyCastleProvider();
  private static final Set<Long> SIGNATURE_CODES =
      Set.of(Ckr.SIGNATURE_INVALID, Ckr.SIGNATURE_LEN_RANGE);

  /** An engine signature mechanism with its key pair and the independent verifier's name. */
  private record Scheme(
      String name,
      Mechanism mechanism,
      long[] pair,
      String jcaAlgorithm,
      String keyAlgorithm,
      Provider verifier,
      PSSParameterSpec pss) {}

  /**
   * The engine runs RSA, ECDSA and Ed25519 on ACCP when it loaded (else RSA on the JDK, ECDSA and
   * Ed25519 on BC), DSA on the JDK and ML-DSA on BC. The checking side is always another one.
   */
  private static Scheme[] schemes() throws HsmException {
    Provider rsaChecker = Primitives.accpAvailable() ? null : BC;
    PSSParameterSpec pss = new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA256, 20, 1);
    return new Scheme[] {
      new Scheme(
          "RSA PKCS#1",
          Mechanism.of(Ckm.SHA256_RSA_PKCS),
          EngineKeys.RSA_2048,
          "SHA256withRSA",
          "RSA",
          rsaChecker,
          null),
      new Scheme(
          "RSA-PSS",
          Mechanism.of(Ckm.SHA384_RSA_PKCS_PSS, new PssParams(Hash.SHA384, Hash.SHA256, 20)),
          EngineKeys.RSA_2048,
          "RSASSA-PSS",
          "RSA",
          rsaChecker,
          pss),
      new Scheme(
          "ECDSA P-256",
          Mechanism.of(Ckm.ECDSA_SHA256, SignatureFormatParams.DER),
          EngineKeys.P256,
          "SHA256withECDSA",
          "EC",
          null,
          null),
      new Scheme(
          "ECDSA P-384",
          Mechanism.of(Ckm.ECDSA_SHA384, SignatureFormatParams.DER),
          EngineKeys.P384,
          "SHA384withECDSA",
          "EC",
          null,
          null),
      new Scheme(
          "ECDSA P-521 raw",
          Mechanism.of(Ckm.ECDSA_SHA512),
          EngineKeys.P521,
          "SHA512withECDSAinP1363Format",
          "EC",
          null,
          null),
      new Scheme(
          "Ed25519", Mechanism.of(Ckm.EDDSA), EngineKeys.ED25519, "Ed25519", "Ed25519", null, null),
      new Scheme(
          "DSA",
          Mechanism.of(Ckm.DSA_SHA256, SignatureFormatParams.DER),
          EngineKeys.DSA_2048,
          "SHA256withDSA",
          "DSA",
          BC,
          null),
    };
  }

  @Property(tries = 15)
  void signaturesVerifyWithAnIndependentImplementation(@ForAll @Size(max = 300) byte[] data)
      throws Exception {
    for (Scheme s : schemes()) {
      byte[] sig = E.crypto.sign(E.session, s.mechanism(), s.pair()[1], data);
      Signature v =
          s.verifier() == null
              ? Signature.getInstance(s.jcaAlgorithm())
              : Signature.getInstance(s.jcaAlgorithm(), s.verifier());
      if (s.pss() != null) {
        v.setParameter(s.pss());
      }
      v.initVerify(EngineKeys.jdkPublic(s.pair()[0], s.keyAlgorithm()));
      v.update(data);
      assertTrue(v.verify(sig), s.name() + " signature refused by " + v.getProvider().getName());
    }
    // ML-DSA exists only in BC, which the engine uses; BC's low-level signer is the check (the
    // same library, but not the JCA path the engine takes).
    byte[] sig = E.crypto.sign(E.session, Mechanism.of(Ckm.ML_DSA), EngineKeys.ML_DSA_44[1], data);
    MLDSASigner v = new MLDSASigner();
    v.init(
        false,
        PublicKeyFactory.createKey(
            SubjectPublicKeyInfo.getInstance(EngineKeys.spki(EngineKeys.ML_DSA_44[0]))));
    v.update(data, 0, data.length);
    assertTrue(v.verifySignature(sig), "ML-DSA signature refused by BC's MLDSASigner");
  }

  @Property(tries = 80)
  void multiPartEqualsSinglePart(
      @ForAll @Size(max = 1500) byte[] data, @ForAll @IntRange(min = 1, max = 200) int chunk)
      throws Exception {
    // Deterministic: multi-part output must be identical.
    for (Mechanism m :
        new Mechanism[] {
          Mechanism.of(Ckm.SHA256_HMAC),
          Mechanism.of(Ckm.SHA3_512_HMAC),
          Mechanism.of(Ckm.SHA_1_HMAC)
        }) {
      assertArrayEquals(
          E.crypto.sign(E.session, m, EngineKeys.HMAC, data),
          signChunked(m, EngineKeys.HMAC, data, chunk),
          m.toString());
    }
    Mechanism cmac = Mechanism.of(Ckm.AES_CMAC);
    assertArrayEquals(
        E.crypto.sign(E.session, cmac, EngineKeys.AES_128, data),
        signChunked(cmac, EngineKeys.AES_128, data, chunk));
    Mechanism pkcs1 = Mechanism.of(Ckm.SHA256_RSA_PKCS);
    assertArrayEquals(
        E.crypto.sign(E.session, pkcs1, EngineKeys.RSA_2048[1], data),
        signChunked(pkcs1, EngineKeys.RSA_2048[1], data, chunk));
    // Randomized: the multi-part signature must verify (single-part and multi-part verify).
    for (Scheme s : schemes()) {
      byte[] sig = signChunked(s.mechanism(), s.pair()[1], data, chunk);
      E.crypto.verify(E.session, s.mechanism(), s.pair()[0], data, sig);
      E.crypto.verifyInit(E.session, s.mechanism(), s.pair()[0]);
      for (int off = 0; off < data.length; off += chunk) {
        E.crypto.verifyUpdate(
            E.session, Arrays.copyOfRange(data, off, Math.min(data.length, off + chunk)));
      }
      E.crypto.verifyFinal(E.session, sig);
    }
    for (Hash h : new Hash[] {Hash.SHA1, Hash.SHA256, Hash.SHA512, Hash.SHA3_256}) {
      Mechanism m = Mechanism.of(h.digestMechanism());
      E.crypto.digestInit(E.session, m);
      for (int off = 0; off < data.length; off += chunk) {
        E.crypto.digestUpdate(
            E.session, Arrays.copyOfRange(data, off, Math.min(data.length, off + chunk)));
      }
      byte[] multi = E.crypto.digestFinal(E.session);
      assertArrayEquals(E.crypto.digest(E.session, m, data), multi, h.name());
      assertArrayEquals(MessageDigest.getInstance(h.jcaName()).digest(data), multi, h.name());
    }
  }

  private static byte[] signChunked(Mechanism m, long key, byte[] data, int chunk)
      throws HsmException {
    E.crypto.signInit(E.session, m, key);
    for (int off = 0; off < data.length; off += chunk) {
      E.crypto.signUpdate(
          E.session, Arrays.copyOfRange(data, off, Math.min(data.length, off + chunk)));
    }
    return E.crypto.signFinal(E.session);
  }

  /**
   * Every truncation and every single-bit flip of a MAC, a GCM tag and each kind of signature is
   * refused. ML-DSA-44 signatures are 2,420 bytes: all truncations, and the bit flips of one random
   * byte per try plus the first and last bytes.
   */
  @Property(tries = 4)
  void everyTruncationAndBitFlipIsRejected(
      @ForAll @Size(max = 200) byte[] data, @ForAll @IntRange(min = 0, max = 2419) int mlDsaByte)
      throws Exception {
    for (Mechanism m :
        new Mechanism[] {Mechanism.of(Ckm.SHA256_HMAC), Mechanism.of(Ckm.AES_CMAC)}) {
      long key = m.id() == Ckm.AES_CMAC ? EngineKeys.AES_128 : EngineKeys.HMAC;
      byte[] tag = E.crypto.sign(E.session, m, key, data);
      tampered(
          tag,
          null,
          t -> E.crypto.verify(E.session, m, key, data, t),
          SIGNATURE_CODES,
          m.toString());
    }
    for (Scheme s : schemes()) {
      byte[] sig = E.crypto.sign(E.session, s.mechanism(), s.pair()[1], data);
      tampered(
          sig,
          null,
          t -> E.crypto.verify(E.session, s.mechanism(), s.pair()[0], data, t),
          SIGNATURE_CODES,
          s.name());
    }
    byte[] mlDsa =
        E.crypto.sign(E.session, Mechanism.of(Ckm.ML_DSA), EngineKeys.ML_DSA_44[1], data);
    tampered(
        mlDsa,
        new int[] {0, mlDsaByte, mlDsa.length - 1},
        t -> E.crypto.verify(E.session, Mechanism.of(Ckm.ML_DSA), EngineKeys.ML_DSA_44[0], data, t),
        SIGNATURE_CODES,
        "ML-DSA-44");
    // GCM: the tag is the last 16 bytes of the ciphertext.
    Mechanism gcm = Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[12], new byte[] {1, 2}, 128));
    byte[] ct = E.crypto.encrypt(E.session, gcm, EngineKeys.AES_256, data).ciphertext();
    tampered(
        ct,
        java.util.stream.IntStream.range(ct.length - 16, ct.length).toArray(),
        t -> E.crypto.decrypt(E.session, gcm, EngineKeys.AES_256, t),
        Set.of(Ckr.ENCRYPTED_DATA_INVALID, Ckr.ENCRYPTED_DATA_LEN_RANGE),
        "AES-GCM tag");
  }

  @FunctionalInterface
  private interface Check {
    void run(byte[] tampered) throws HsmException;
  }

  /** Truncations to every shorter length, and bit flips in {@code bytes} (null: every byte). */
  private static void tampered(
      byte[] good, int[] bytes, Check check, Set<Long> codes, String what) {
    for (int len = 0; len < good.length; len++) {
      expectRefusal(Arrays.copyOf(good, len), check, codes, what + " truncated to " + len);
    }
    int[] positions =
        bytes != null ? bytes : java.util.stream.IntStream.range(0, good.length).toArray();
    for (int pos : positions) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] t = good.clone();
        t[pos] ^= (byte) (1 << bit);
        expectRefusal(t, check, codes, what + " with bit " + bit + " of byte " + pos + " flipped");
      }
    }
  }

  private static void expectRefusal(byte[] t, Check check, Set<Long> codes, String what) {
    HsmException e = assertThrows(HsmException.class, () -> check.run(t), what + " was accepted");
    assertTrue(
        codes.contains(e.returnCode()),
        what + " refused with " + ReturnCodes.nameOf(e.returnCode()) + ": " + e.getMessage());
  }
}
