package io.selenehsm.firmware.vectors;

import static io.selenehsm.firmware.testutil.Wycheproof.hex;
import static io.selenehsm.firmware.testutil.Wycheproof.hexOrEmpty;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.EcdhParams;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Hash;
import io.selenehsm.firmware.mech.MacLengthParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.MechanismParams;
import io.selenehsm.firmware.mech.MlDsaParams;
import io.selenehsm.firmware.mech.OaepParams;
import io.selenehsm.firmware.mech.PssParams;
import io.selenehsm.firmware.mech.SignatureFormatParams;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.testutil.Wycheproof;
import io.selenehsm.firmware.testutil.Wycheproof.Case;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Wycheproof file in the shared folder, through the engine's public crypto surface: each
 * group's key is imported as an object (C_CreateObject) and each case runs through {@code
 * HsmCrypto}. Invalid cases must be refused with a code of the right class for the operation (a bad
 * signature is CKR_SIGNATURE_INVALID or _LEN_RANGE, never a general error). A file with no handler
 * here fails, so a new vector file is never silently ignored.
 */
class EngineWycheproofTest {
  private static final EngineFixture E = EngineFixture.open("4711001");
  private static final String NO_FOLDER = "(wycheproof folder absent)";

  private static final Set<Long> SIGNATURE_CODES =
      Set.of(Ckr.SIGNATURE_INVALID, Ckr.SIGNATURE_LEN_RANGE);
  private static final Set<Long> DECRYPT_CODES =
      Set.of(Ckr.ENCRYPTED_DATA_INVALID, Ckr.ENCRYPTED_DATA_LEN_RANGE);
  private static final Set<Long> UNWRAP_CODES =
      Set.of(Ckr.WRAPPED_KEY_INVALID, Ckr.WRAPPED_KEY_LEN_RANGE);

  /** How one file runs: the case body and the codes that fit its invalid cases. */
  private record Handler(Case body, Set<Long> codes) {
    Handler plus(long... more) {
      Set<Long> all = new java.util.HashSet<>(codes);
      for (long c : more) {
        all.add(c);
      }
      return new Handler(body, Set.copyOf(all));
    }
  }

  /** Imported keys by their encoding, so a group's key is created once. */
  private final Map<String, Long> keys = new HashMap<>();

  static Stream<String> files() {
    List<String> files = Wycheproof.files();
    return files.isEmpty() ? Stream.of(NO_FOLDER) : files.stream();
  }

  @AfterAll
  static void closeHsm() {
    E.destroyAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void vectorsPassThroughTheEngine(String file) throws Exception {
    Assumptions.assumeFalse(
        file.equals(NO_FOLDER),
        "Wycheproof vectors not found at "
            + Wycheproof.dir().toAbsolutePath()
            + " (set -Dwycheproof.dir)");
    JsonObject root = Wycheproof.load(Wycheproof.require(file));
    Handler h = handlerFor(file, root);
    LongPredicate right = h.codes()::contains;
    Wycheproof.Outcome o;
    try {
      o = Wycheproof.run(file, root, h.body(), right);
    } finally {
      keys.clear();
      E.destroyAll();
    }
    System.out.println("[engine] " + o.summary());
    assertTrue(o.total() > 0, "no test cases in " + file);
    assertTrue(o.failures().isEmpty(), o.summary() + ": " + o.failures());
  }

  private Handler handlerFor(String file, JsonObject root) {
    String alg = root.get("algorithm").getAsString();
    String schema = root.has("schema") ? root.get("schema").getAsString() : "";
    if (alg.startsWith("HMACSHA")) {
      Hash hash = hash("SHA-" + alg.substring("HMACSHA".length()).replace("SHA-", ""));
      return new Handler((g, t) -> hmac(hash, g, t), SIGNATURE_CODES);
    }
    return switch (alg) {
      // Key sizes AES does not have are refused when the key object is created.
      case "AES-CMAC" ->
          new Handler(this::cmac, SIGNATURE_CODES)
              .plus(Ckr.ATTRIBUTE_VALUE_INVALID, Ckr.KEY_SIZE_RANGE);
      // An empty IV asks the HSM to generate one, which decryption refuses as a bad parameter.
      case "AES-GCM" -> new Handler(this::gcm, DECRYPT_CODES).plus(Ckr.MECHANISM_PARAM_INVALID);
      case "AES-WRAP" -> new Handler((g, t) -> unwrap(Ckm.AES_KEY_WRAP, g, t), UNWRAP_CODES);
      case "AES-KWP" -> new Handler((g, t) -> unwrap(Ckm.AES_KEY_WRAP_KWP, g, t), UNWRAP_CODES);
      // A peer point off the curve, on another curve or badly encoded is a bad parameter.
      case "ECDH" -> new Handler(this::ecdh, Set.of(Ckr.MECHANISM_PARAM_INVALID));
      case "ECDSA" -> new Handler(this::ecdsa, SIGNATURE_CODES);
      case "EDDSA" ->
          new Handler(
              (g, t) -> verify(Ckk.EC_EDWARDS, Mechanism.of(Ckm.EDDSA), g, t), SIGNATURE_CODES);
      // Groups with a public key of the wrong length: the key cannot be decoded for use. A
      // context over 255 bytes is refused as a parameter before any verification.
      case "ML-DSA-44", "ML-DSA-65", "ML-DSA-87" ->
          new Handler(this::mldsa, SIGNATURE_CODES)
              .plus(Ckr.KEY_TYPE_INCONSISTENT, Ckr.MECHANISM_PARAM_INVALID);
      case "RSASSA-PKCS1-v1_5" -> new Handler(this::rsaPkcs1, SIGNATURE_CODES);
      case "RSASSA-PSS" -> new Handler(this::rsaPss, SIGNATURE_CODES);
      case "RSAES-OAEP" -> new Handler(this::oaep, DECRYPT_CODES);
      default ->
          new Handler(
              (g, t) -> {
                throw new AssertionError(
                    "no engine handler for "
                        + file
                        + " (algorithm "
                        + alg
                        + ", schema "
                        + schema
                        + ")");
              },
              Set.of());
    };
  }

  // ---------------------------------------------------------------- MACs

  private void hmac(Hash hash, JsonObject g, JsonObject t) throws Exception {
    long key = secret(Ckk.GENERIC_SECRET, hex(t, "key"));
    // CKM_<hash>_HMAC_GENERAL follows the digest mechanism's id.
    Mechanism m =
        Mechanism.of(
            hash.digestMechanism() + 2, new MacLengthParams(g.get("tagSize").getAsInt() / 8));
    macCase(m, key, t);
  }

  private void cmac(JsonObject g, JsonObject t) throws Exception {
    long key = secret(Ckk.AES, hex(t, "key"));
    Mechanism m =
        Mechanism.of(Ckm.AES_CMAC_GENERAL, new MacLengthParams(g.get("tagSize").getAsInt() / 8));
    macCase(m, key, t);
  }

  /** Verifies the tag; a valid one must also be what the engine's own signing produces. */
  private static void macCase(Mechanism m, long key, JsonObject t) throws Exception {
    E.crypto.verify(E.session, m, key, hex(t, "msg"), hex(t, "tag"));
    if (valid(t)) {
      same(hex(t, "tag"), E.crypto.sign(E.session, m, key, hex(t, "msg")), "MAC");
    }
  }

  // ---------------------------------------------------------------- AEAD and key wrap

  private void gcm(JsonObject g, JsonObject t) throws Exception {
    long key = secret(Ckk.AES, hex(t, "key"));
    Mechanism m =
        Mechanism.of(
            Ckm.AES_GCM, new GcmParams(hex(t, "iv"), hex(t, "aad"), g.get("tagSize").getAsInt()));
    byte[] ctTag = concat(hex(t, "ct"), hex(t, "tag"));
    same(hex(t, "msg"), E.crypto.decrypt(E.session, m, key, ctTag), "plaintext");
    if (valid(t)) {
      same(
          ctTag,
          E.crypto.encrypt(E.session, m, key, hex(t, "msg")).ciphertext(),
          "ciphertext and tag");
    }
  }

  private void unwrap(long mechanism, JsonObject g, JsonObject t) throws Exception {
    byte[] kekValue = hex(t, "key");
    long kek = secret(Ckk.AES, kekValue);
    Mechanism m = Mechanism.of(mechanism);
    long key =
        E.track(
            E.crypto.unwrapKey(
                E.session,
                m,
                kek,
                hex(t, "ct"),
                Attributes.builder()
                    .set(Cka.CLASS, Cko.SECRET_KEY)
                    .set(Cka.KEY_TYPE, Ckk.GENERIC_SECRET)
                    .set(Cka.SENSITIVE, false)
                    .set(Cka.EXTRACTABLE, true)
                    .build()));
    byte[] msg = hex(t, "msg");
    same(msg, E.value(key), "unwrapped key");
    // The engine refuses to wrap a key stronger than the wrapping key (generic secrets count
    // min(256, 8 * length) bits), so the wrap direction is checked where that rule allows it.
    if (valid(t) && Math.min(256, msg.length * 8) <= kekValue.length * 8) {
      same(hex(t, "ct"), E.crypto.wrapKey(E.session, m, kek, key), "wrapped key");
    }
  }

  // ---------------------------------------------------------------- key agreement

  private void ecdh(JsonObject g, JsonObject t) throws Exception {
    String curve = g.get("curve").getAsString();
    byte[] pkcs8 = ecPrivateKey(curve, new BigInteger(1, hex(t, "private")));
    long priv =
        cached(
            "ec-private:" + curve + ":" + t.get("private").getAsString(),
            () -> E.privateKey(Ckk.EC, pkcs8));
    Mechanism m =
        Mechanism.of(
            Ckm.ECDH1_DERIVE, new EcdhParams(EcdhParams.Kdf.NULL, new byte[0], hex(t, "public")));
    long secret =
        E.track(
            E.crypto.deriveKey(
                E.session,
                m,
                priv,
                Attributes.builder()
                    .set(Cka.KEY_TYPE, Ckk.GENERIC_SECRET)
                    .set(Cka.SENSITIVE, false)
                    .set(Cka.EXTRACTABLE, true)
                    .build()));
    same(hex(t, "shared"), E.value(secret), "shared secret");
  }

  private static byte[] ecPrivateKey(String curve, BigInteger d) throws Exception {
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec(curve));
    ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
    return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, spec)).getEncoded();
  }

  // ---------------------------------------------------------------- signatures

  private void ecdsa(JsonObject g, JsonObject t) throws Exception {
    Hash h = hash(g.get("sha").getAsString());
    long mech =
        switch (h) {
          case SHA1 -> Ckm.ECDSA_SHA1;
          case SHA224 -> Ckm.ECDSA_SHA224;
          case SHA256 -> Ckm.ECDSA_SHA256;
          case SHA384 -> Ckm.ECDSA_SHA384;
          case SHA512 -> Ckm.ECDSA_SHA512;
          case SHA3_224 -> Ckm.ECDSA_SHA3_224;
          case SHA3_256 -> Ckm.ECDSA_SHA3_256;
          case SHA3_384 -> Ckm.ECDSA_SHA3_384;
          case SHA3_512 -> Ckm.ECDSA_SHA3_512;
        };
    // Wycheproof's ecdsa_*_test files carry DER signatures (the _p1363 files raw r||s).
    verify(Ckk.EC, Mechanism.of(mech, SignatureFormatParams.DER), g, t);
  }

  private void rsaPkcs1(JsonObject g, JsonObject t) throws Exception {
    long mech =
        switch (hash(g.get("sha").getAsString())) {
          case SHA1 -> Ckm.SHA1_RSA_PKCS;
          case SHA224 -> Ckm.SHA224_RSA_PKCS;
          case SHA256 -> Ckm.SHA256_RSA_PKCS;
          case SHA384 -> Ckm.SHA384_RSA_PKCS;
          case SHA512 -> Ckm.SHA512_RSA_PKCS;
          case SHA3_224 -> Ckm.SHA3_224_RSA_PKCS;
          case SHA3_256 -> Ckm.SHA3_256_RSA_PKCS;
          case SHA3_384 -> Ckm.SHA3_384_RSA_PKCS;
          case SHA3_512 -> Ckm.SHA3_512_RSA_PKCS;
        };
    verify(Ckk.RSA, Mechanism.of(mech), g, t);
  }

  private void rsaPss(JsonObject g, JsonObject t) throws Exception {
    Hash h = hash(g.get("sha").getAsString());
    long mech =
        switch (h) {
          case SHA1 -> Ckm.SHA1_RSA_PKCS_PSS;
          case SHA224 -> Ckm.SHA224_RSA_PKCS_PSS;
          case SHA256 -> Ckm.SHA256_RSA_PKCS_PSS;
          case SHA384 -> Ckm.SHA384_RSA_PKCS_PSS;
          case SHA512 -> Ckm.SHA512_RSA_PKCS_PSS;
          case SHA3_224 -> Ckm.SHA3_224_RSA_PKCS_PSS;
          case SHA3_256 -> Ckm.SHA3_256_RSA_PKCS_PSS;
          case SHA3_384 -> Ckm.SHA3_384_RSA_PKCS_PSS;
          case SHA3_512 -> Ckm.SHA3_512_RSA_PKCS_PSS;
        };
    Mechanism m =
        Mechanism.of(
            mech, new PssParams(h, hash(g.get("mgfSha").getAsString()), g.get("sLen").getAsInt()));
    verify(Ckk.RSA, m, g, t);
  }

  private void mldsa(JsonObject g, JsonObject t) throws Exception {
    MechanismParams p =
        t.has("ctx") ? new MlDsaParams(hex(t, "ctx")) : MechanismParams.None.INSTANCE;
    verify(Ckk.ML_DSA, Mechanism.of(Ckm.ML_DSA, p), g, t);
  }

  private void verify(long keyType, Mechanism m, JsonObject g, JsonObject t) throws Exception {
    long key = publicKey(keyType, hex(g, "publicKeyDer"));
    E.crypto.verify(E.session, m, key, hex(t, "msg"), hex(t, "sig"));
  }

  // ---------------------------------------------------------------- RSA decryption

  private void oaep(JsonObject g, JsonObject t) throws Exception {
    byte[] pkcs8 = hex(g, "privateKeyPkcs8");
    long key =
        cached(
            "rsa-private:" + g.get("privateKeyPkcs8").getAsString(),
            () -> E.privateKey(Ckk.RSA, pkcs8));
    Mechanism m =
        Mechanism.of(
            Ckm.RSA_PKCS_OAEP,
            new OaepParams(
                hash(g.get("sha").getAsString()),
                hash(g.get("mgfSha").getAsString()),
                hexOrEmpty(t, "label")));
    same(hex(t, "msg"), E.crypto.decrypt(E.session, m, key, hex(t, "ct")), "plaintext");
  }

  // ---------------------------------------------------------------- helpers

  @FunctionalInterface
  private interface Import {
    long create() throws HsmException;
  }

  /** Imports for the cache; a refused key is not cached and its error reaches the case. */
  private long importOrThrow(Import i) {
    try {
      return i.create();
    } catch (HsmException e) {
      throw new KeyRefused(e);
    }
  }

  /** Carries an import refusal out of computeIfAbsent. */
  private static final class KeyRefused extends RuntimeException {
    KeyRefused(HsmException e) {
      super(e);
    }
  }

  private long cached(String id, Import i) throws HsmException {
    try {
      return keys.computeIfAbsent(id, k -> importOrThrow(i));
    } catch (KeyRefused r) {
      throw (HsmException) r.getCause();
    }
  }

  private long secret(long keyType, byte[] value) throws HsmException {
    return cached(
        "secret:" + keyType + ":" + java.util.HexFormat.of().formatHex(value),
        () -> E.secretKey(keyType, value));
  }

  private long publicKey(long keyType, byte[] spki) throws HsmException {
    return cached(
        "public:" + keyType + ":" + java.util.HexFormat.of().formatHex(spki),
        () -> E.publicKey(keyType, spki));
  }

  private static Hash hash(String wycheproofName) {
    for (Hash h : Hash.values()) {
      if (h.jcaName().equals(wycheproofName)) {
        return h;
      }
    }
    throw new IllegalArgumentException("unknown hash " + wycheproofName);
  }

  private static boolean valid(JsonObject t) {
    return t.get("result").getAsString().equals("valid");
  }

  private static void same(byte[] expected, byte[] actual, String what) {
    if (!Arrays.equals(expected, actual)) {
      throw new AssertionError(what + " differs from the vector");
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
