package io.selenehsm.firmware.mech;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.selenehsm.firmware.testutil.Wycheproof;
import io.selenehsm.firmware.testutil.Wycheproof.Case;
import java.io.IOException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the shared Wycheproof vectors through the mechanism layer ({@link Wycheproof} collects every
 * failing tcId; any HsmException counts as a rejection here, the engine-level test in
 * io.selenehsm.firmware.vectors also checks the code).
 */
class WycheproofTest {
  private static final MechanismService SVC =
      new MechanismService(
          MechanismRegistry.unchecked(), FipsPolicy.permissive(), Drbg.hmacSha512());

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "aes_cmac_test.json",
        "aes_gcm_test.json",
        "aes_kwp_test.json",
        "aes_wrap_test.json",
        "ecdh_secp256r1_test.json",
        "ecdsa_secp256r1_sha256_test.json",
        "ecdsa_secp384r1_sha384_test.json",
        "ecdsa_secp521r1_sha512_test.json",
        "ed25519_test.json",
        "hmac_sha1_test.json",
        "hmac_sha256_test.json",
        "hmac_sha384_test.json",
        "hmac_sha512_test.json",
        "mldsa_65_verify_test.json",
        "rsa_oaep_2048_sha256_mgf1sha256_test.json",
        "rsa_pss_2048_sha256_mgf1_32_test.json",
        "rsa_signature_2048_sha256_test.json",
        "rsa_signature_3072_sha384_test.json",
        "rsa_signature_4096_sha512_test.json"
      })
  void vectors(String file) throws IOException {
    JsonObject root = Wycheproof.load(Wycheproof.require(file));
    Wycheproof.Outcome o = Wycheproof.run(file, root, caseFor(file), code -> true);
    assertTrue(o.total() > 0, "no test cases in " + file);
    assertTrue(o.failures().isEmpty(), o.summary() + ": " + o.failures());
  }

  private static Case caseFor(String file) {
    if (file.startsWith("hmac_")) {
      Hash h = Hash.valueOf(file.substring(5, file.indexOf("_test")).toUpperCase(Locale.ROOT));
      return (g, t) -> hmac(h, g, t);
    }
    return switch (file) {
      case "aes_cmac_test.json" -> WycheproofTest::cmac;
      case "aes_gcm_test.json" -> WycheproofTest::gcm;
      case "aes_kwp_test.json" -> (g, t) -> wrap(Ckm.AES_KEY_WRAP_KWP, t);
      case "aes_wrap_test.json" -> (g, t) -> wrap(Ckm.AES_KEY_WRAP, t);
      case "ecdh_secp256r1_test.json" -> WycheproofTest::ecdh;
      case "ed25519_test.json" -> (g, t) -> verify(Mechanism.of(Ckm.EDDSA), spki(g, "Ed25519"), t);
      case "mldsa_65_verify_test.json" -> WycheproofTest::mldsa;
      case "rsa_oaep_2048_sha256_mgf1sha256_test.json" -> WycheproofTest::oaep;
      case "rsa_pss_2048_sha256_mgf1_32_test.json" ->
          (g, t) ->
              verify(
                  Mechanism.of(
                      Ckm.SHA256_RSA_PKCS_PSS,
                      new PssParams(Hash.SHA256, Hash.SHA256, g.get("sLen").getAsInt())),
                  spki(g, "RSA"),
                  t);
      default ->
          file.startsWith("ecdsa_")
              ? (g, t) ->
                  verify(
                      Mechanism.of(ecdsaMechanism(g), SignatureFormatParams.DER), spki(g, "EC"), t)
              : (g, t) -> verify(Mechanism.of(rsaPkcs1Mechanism(g)), spki(g, "RSA"), t);
    };
  }

  static byte[] hex(JsonObject o, String field) {
    return Wycheproof.hex(o, field);
  }

  private static void hmac(Hash h, JsonObject g, JsonObject t) throws Exception {
    long general = h.digestMechanism() + 2; // CKM_<hash>_HMAC_GENERAL follows the digest id
    Mechanism m = Mechanism.of(general, new MacLengthParams(g.get("tagSize").getAsInt() / 8));
    SVC.verifier(m, new SecretKeySpec(hex(t, "key"), "GenericSecret"))
        .verify(hex(t, "msg"), hex(t, "tag"));
  }

  private static void cmac(JsonObject g, JsonObject t) throws Exception {
    Mechanism m =
        Mechanism.of(Ckm.AES_CMAC_GENERAL, new MacLengthParams(g.get("tagSize").getAsInt() / 8));
    SVC.verifier(m, secretKey(hex(t, "key"), "AES")).verify(hex(t, "msg"), hex(t, "tag"));
  }

  private static void gcm(JsonObject g, JsonObject t) throws Exception {
    var key = new SecretKeySpec(hex(t, "key"), "AES");
    int tagBits = g.get("tagSize").getAsInt();
    GcmParams params = new GcmParams(hex(t, "iv"), hex(t, "aad"), tagBits);
    if (params.iv().length == 0) {
      // An empty IV means "HSM generates" on encryption; decryption must refuse it.
      SVC.decryptor(Mechanism.of(Ckm.AES_GCM, params), key)
          .process(concat(hex(t, "ct"), hex(t, "tag")));
      return;
    }
    byte[] ctTag = concat(hex(t, "ct"), hex(t, "tag"));
    byte[] pt = SVC.decryptor(Mechanism.of(Ckm.AES_GCM, params), key).process(ctTag);
    if (!java.util.Arrays.equals(pt, hex(t, "msg"))) {
      throw new AssertionError("decrypted to the wrong plaintext");
    }
    if (t.get("result").getAsString().equals("valid")) {
      byte[] enc = SVC.encryptor(Mechanism.of(Ckm.AES_GCM, params), key).process(hex(t, "msg"));
      if (!java.util.Arrays.equals(enc, ctTag)) {
        throw new AssertionError("encryption differs from the vector");
      }
    }
  }

  private static void wrap(long mechanism, JsonObject t) throws Exception {
    KeyWrapper w = SVC.wrapper(Mechanism.of(mechanism), new SecretKeySpec(hex(t, "key"), "AES"));
    byte[] unwrapped = w.unwrap(hex(t, "ct"));
    if (!java.util.Arrays.equals(unwrapped, hex(t, "msg"))) {
      throw new AssertionError("unwrapped to the wrong key");
    }
    if (t.get("result").getAsString().equals("valid")
        && !java.util.Arrays.equals(w.wrap(hex(t, "msg")), hex(t, "ct"))) {
      throw new AssertionError("wrap differs from the vector");
    }
  }

  private static void ecdh(JsonObject g, JsonObject t) throws Exception {
    byte[] d = hex(t, "private");
    PrivateKey priv =
        KeyFactory.getInstance("EC")
            .generatePrivate(
                new java.security.spec.ECPrivateKeySpec(new java.math.BigInteger(1, d), p256()));
    Mechanism m =
        Mechanism.of(Ckm.ECDH1_DERIVE, new EcdhParams(EcdhParams.Kdf.NULL, null, hex(t, "public")));
    byte[] z = SVC.deriver(m).derive(priv, 0);
    if (!java.util.Arrays.equals(z, hex(t, "shared"))) {
      throw new AssertionError("wrong shared secret");
    }
  }

  private static java.security.spec.ECParameterSpec p256() throws Exception {
    var params = java.security.AlgorithmParameters.getInstance("EC");
    params.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
    return params.getParameterSpec(java.security.spec.ECParameterSpec.class);
  }

  private static void mldsa(JsonObject g, JsonObject t) throws Exception {
    PublicKey pub = PublicKeys.mlDsa(hex(g, "publicKey"), 65);
    MechanismParams p =
        t.has("ctx") ? new MlDsaParams(hex(t, "ctx")) : MechanismParams.None.INSTANCE;
    SVC.verifier(Mechanism.of(Ckm.ML_DSA, p), pub).verify(hex(t, "msg"), hex(t, "sig"));
  }

  private static void oaep(JsonObject g, JsonObject t) throws Exception {
    PrivateKey priv =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(hex(g, "privateKeyPkcs8")));
    Mechanism m =
        Mechanism.of(Ckm.RSA_PKCS_OAEP, new OaepParams(Hash.SHA256, Hash.SHA256, hex(t, "label")));
    byte[] pt = SVC.decryptor(m, priv).process(hex(t, "ct"));
    if (!java.util.Arrays.equals(pt, hex(t, "msg"))) {
      throw new AssertionError("decrypted to the wrong message");
    }
  }

  private static void verify(Mechanism m, PublicKey key, JsonObject t) throws Exception {
    SVC.verifier(m, key).verify(hex(t, "msg"), hex(t, "sig"));
  }

  private static PublicKey spki(JsonObject g, String alg) throws Exception {
    return KeyFactory.getInstance(alg)
        .generatePublic(new X509EncodedKeySpec(hex(g, "publicKeyDer")));
  }

  private static long ecdsaMechanism(JsonObject g) {
    return switch (g.get("sha").getAsString()) {
      case "SHA-256" -> Ckm.ECDSA_SHA256;
      case "SHA-384" -> Ckm.ECDSA_SHA384;
      default -> Ckm.ECDSA_SHA512;
    };
  }

  private static long rsaPkcs1Mechanism(JsonObject g) {
    return switch (g.get("sha").getAsString()) {
      case "SHA-256" -> Ckm.SHA256_RSA_PKCS;
      case "SHA-384" -> Ckm.SHA384_RSA_PKCS;
      default -> Ckm.SHA512_RSA_PKCS;
    };
  }

  /** A secret key object even for empty values, which SecretKeySpec refuses to hold. */
  static javax.crypto.SecretKey secretKey(byte[] value, String algorithm) {
    return new javax.crypto.SecretKey() {
      @Override
      public String getAlgorithm() {
        return algorithm;
      }

      @Override
      public String getFormat() {
        return "RAW";
      }

      @Override
      public byte[] getEncoded() {
        return value.clone();
      }
    };
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
