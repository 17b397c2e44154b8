package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.mech.SelfTestReport.Failure;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.crypto.spec.SecretKeySpec;

/**
 * Power-on self-tests: a known-answer test per primitive family, run through the mechanism layer
 * itself (so provider selection and parameter handling are covered), each with its source. Where no
 * fixed vector for a signature generation exists (randomised ECDSA, ML-DSA, DSA, ML-KEM, X9.31) the
 * test is a pairwise-consistency test, as FIPS 140-3 IG 10.3.A permits, and is named "PCT". A
 * failing test disables exactly the mechanisms it covers.
 */
public final class SelfTests {
  private SelfTests() {}

  private static final HexFormat HEX = HexFormat.of();

  private static final String RSA_2048_PKCS8 =
      "308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100a2b451a07d0a"
          + "a5f96e455671513550514a8a5b462ebef717094fa1fe"
          + "e82224e637f9746d3f7cafd31878d80325b6ef5a1700"
          + "f65903b469429e89d6eac8845097b5ab393189db9251"
          + "2ed8a7711a1253facd20f79c15e8247f3d3e42e46e48"
          + "c98e254a2fe9765313a03eff8f17e1a029397a1fa26a"
          + "8dce26f490ed81299615d9814c22da610428e09c7d96"
          + "58594266f5c021d0fceca08d945a12be82de4d1ece6b"
          + "4c03145b5d3495d4ed5411eb878daf05fd7afc3e09ad"
          + "a0f1126422f590975a1969816f48698bcbba1b4d9cae"
          + "79d460d8f9f85e7975005d9bc22c4e5ac0f7c1a45d12"
          + "569a62807d3b9a02e5a530e773066f453d1f5b4c2e9c"
          + "f7820283f742b9d502030100010282010024cdc62317"
          + "f5d72a6f6ba6cc9632899b01d1ff28867d72f6168899"
          + "5bc855a4e420a8405250089bdb13cf8e09543827b748"
          + "b9d27fbb2b4d9e20af8c5a6a862796d1a4cc18ad16ea"
          + "678bc1bd4a83bbbe9c5e57453b5ce7388e41a3ba4ce2"
          + "b77b4438a229e954f720dae0353dc088ac8a76b26dc2"
          + "76f8e1b7851ddd6398ad16ff2e78195123b9b036e945"
          + "c38c9d12434f6df76fe22359eb3e1ac9c011678fc926"
          + "fad3ae475a4fffff55feb2d147e9c894f4c0e29a599e"
          + "762462482d968bf42780945fc0d2c31c573c4431b8f4"
          + "fe8b8c67bec815abd44f7a86edca1c2308737358d2c2"
          + "ae5e2e0e2dadf730980262377e58b13b7d9992060a0b"
          + "c870ccfdb4a9319ee102818100dc431050f782e894fb"
          + "5248247d98cb7d58b8d1e24f3b55d041c56e4de086b0"
          + "d5bb028bda42eeb5d234d5681e5809d415e6a289ad4c"
          + "fbf78f978f6c35814f50eebff1c5b80a69f788e81e6b"
          + "ab5ddaa78369d659d143ec6f17e79813a575cfad9c56"
          + "9156b90113e2e9110ad9e7b48a1c9348a6e653321191"
          + "290ea36cfb3a5b18f102818100bd1a81e7977f989812"
          + "2273ae3222b598ea5fb19eb4eabc38308a5e32196603"
          + "b2e500ffb79f5b886816611debc472fac45544070beb"
          + "057c941378a6868af3b7a03d3f9880ec47d5e089b94f"
          + "bde542aba9ae8d72c57088d7abf5b131f39098f7bc16"
          + "0f90536abc9492fd4e06f3ed7299d4b97bb03677207d"
          + "95669f140cfbc20f2502818100a94b528b28f2915991"
          + "21d91952ffd1c7f21d7c1479d99d478885fb161870ee"
          + "1218bf08472612dbe5497e8d9c650688e09c786961ae"
          + "3e2c354dc48ae34514759c4c23c4588488961dc06b41"
          + "4e61c0e1e7fbbd2923d31532fe289f96da220711e58c"
          + "14019808e00414276933bb07e4efb9b4a9b376569172"
          + "05209f33f09515d7c10281803af0e72a933aef09ff25"
          + "03df78bafed531c02ff1a2bc437c540cdcbd4ad35435"
          + "cf511763596543480629b114ca7f780ff7efa32ea0cb"
          + "6e000d6d9ea1f2ef71fd9cf9948422a165557e37e755"
          + "edfe70d90b920502eb478bc98a63f788ce3a0f856d6e"
          + "de7251a383bfa8fa480a81a925af7b3cc538c4bab8c9"
          + "f7597ffb68011d8d0281802640fbfbcfefb163ee7a87"
          + "b6483a66ee41f956d90fa8a7939bfc042ee0924b1b79"
          + "93d0445f758d51933e85179c0320b0c968b48a91c38b"
          + "5be923e1097c0c562f88d42294b6a2759bafa5428a74"
          + "f1270874e45f6fcc60f21602de5eccd143cf31241f59"
          + "21b5ad3983fb54ef17be3b285367e50c999c67247b552fe4bfce945f7b";

  private static final String RSA_2048_SHA256_SIG_OF_EMPTY =
      "840f5dac53106dd1f9c57219224cf51289290c42f20466875ba8e830ac5690e541536fcc8ab03b731f82bf66"
          + "d83f194e7e180b3963ec7a2f3f7904a7ce49aed47da4"
          + "d4b79421eaf937d301b3e696169297b797c32c076a12"
          + "be4de0b58e003c5123051a84a10c62f8dac2f42a8640"
          + "008eb3c7cccd6760ff5b51b689763922582845f048fb"
          + "8150e5a7a6ca2eccc7bdc85349ad5b26c52137a79fa3"
          + "fe5c29ab5cd7615013219c1941b6708e9c3c23feff5f"
          + "ebaf0c8ebca5750b54e3e6e99a3e876b396f27860b7f"
          + "3ec4e9191703c6332d944f6f69751167680c79c4f6b5"
          + "7f1cc8755d24b6ec158ccdbacdb23107a33cb6b332516c13274d1f9dccc21dced869e486";

  private static final String P256_SPKI =
      "3059301306072a8648ce3d020106082a8648ce3d0301070342000404aaec73635726f213fb8a9e64da3b8632"
          + "e41495a944d0045b522eba7240fad587d9315798aaa3"
          + "a5ba01775787ced05eaaf7b4e09fc81d6d1aa546e836"
          + "5d525d";

  private static final String P256_SHA256_DER_SIG_OF_EMPTY =
      "3045022100b292a619339f6e567a305c951c0dcbcc42d16e47f219f9e98e76e09d8770b34a02200177e60492"
          + "c5a8242f76f07bfe3661bde59ec2a17ce5bd2dab2abebdf89a62e2";

  /** A test body: computes and compares through {@link Expect}. */
  @FunctionalInterface
  private interface Body {
    void run(MechanismService svc, Expect expect) throws Exception;
  }

  private record Kat(String name, Set<Long> mechanisms, Body body) {}

  /** Compares a result with its expected value; a corrupted test flips the expected value. */
  private static final class Expect {
    private final boolean corrupt;

    Expect(boolean corrupt) {
      this.corrupt = corrupt;
    }

    void equal(String expectedHex, byte[] actual) {
      byte[] expected = HEX.parseHex(expectedHex);
      if (corrupt) {
        expected[0] ^= 1;
      }
      if (!MessageDigest.isEqual(expected, actual)) {
        throw new KatMismatch(
            "expected " + HEX.formatHex(expected) + ", got " + HEX.formatHex(actual));
      }
    }

    void holds(boolean condition, String what) {
      if (corrupt || !condition) {
        throw new KatMismatch(what + " did not hold");
      }
    }
  }

  private static final class KatMismatch extends RuntimeException {
    KatMismatch(String message) {
      super(message, null, false, false);
    }
  }

  /** Runs every test. */
  public static SelfTestReport run() {
    return run(name -> false);
  }

  /**
   * Runs every test, corrupting the expected value of those {@code corrupt} selects (fault
   * injection for tests).
   */
  static SelfTestReport run(Predicate<String> corrupt) {
    MechanismService svc =
        new MechanismService(
            MechanismRegistry.unchecked(), FipsPolicy.permissive(), Drbg.hmacSha512());
    List<Failure> failures = new ArrayList<>();
    List<Kat> kats = kats();
    for (Kat k : kats) {
      try {
        k.body().run(svc, new Expect(corrupt.test(k.name())));
      } catch (Exception e) {
        failures.add(new Failure(k.name(), k.mechanisms(), String.valueOf(e.getMessage())));
      }
    }
    return new SelfTestReport(failures, kats.size());
  }

  /** Names of all tests, for status displays and fault injection. */
  public static List<String> testNames() {
    return kats().stream().map(Kat::name).toList();
  }

  private static byte[] hex(String h) {
    return HEX.parseHex(h);
  }

  private static Mechanism m(long id) {
    return Mechanism.of(id);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static List<Kat> kats() {
    List<Kat> k = new ArrayList<>();
    // FIPS 180-4 / FIPS 202 examples ("abc"), as published in NIST's example-values pages.
    k.add(
        new Kat(
            "SHA-1",
            Set.of(Ckm.SHA_1, Ckm.SHA1_KEY_DERIVATION),
            (s, e) ->
                e.equal(
                    "a9993e364706816aba3e25717850c26c9cd0d89d",
                    s.digester(m(Ckm.SHA_1)).digest(ascii("abc")))));
    k.add(
        new Kat(
            "SHA-224",
            Set.of(Ckm.SHA224, Ckm.SHA224_KEY_DERIVATION),
            (s, e) ->
                e.equal(
                    "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
                    s.digester(m(Ckm.SHA224)).digest(ascii("abc")))));
    k.add(
        new Kat(
            "SHA-256",
            Set.of(Ckm.SHA256, Ckm.SHA256_KEY_DERIVATION),
            (s, e) ->
                e.equal(
                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                    s.digester(m(Ckm.SHA256)).digest(ascii("abc")))));
    k.add(
        new Kat(
            "SHA-384",
            Set.of(Ckm.SHA384, Ckm.SHA384_KEY_DERIVATION),
            (s, e) ->
                e.equal(
                    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
                        + "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
                    s.digester(m(Ckm.SHA384)).digest(ascii("abc")))));
    k.add(
        new Kat(
            "SHA-512",
            Set.of(Ckm.SHA512, Ckm.SHA512_KEY_DERIVATION),
            (s, e) ->
                e.equal(
                    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                        + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                    s.digester(m(Ckm.SHA512)).digest(ascii("abc")))));
    k.add(
        new Kat(
            "SHA3-256",
            Set.of(Ckm.SHA3_224, Ckm.SHA3_256, Ckm.SHA3_384, Ckm.SHA3_512),
            (s, e) ->
                e.equal(
                    "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
                    s.digester(m(Ckm.SHA3_256)).digest(ascii("abc")))));
    // RFC 4231 test case 2.
    k.add(
        new Kat(
            "HMAC-SHA-256",
            hmacMechanisms(),
            (s, e) ->
                e.equal(
                    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                    s.signer(m(Ckm.SHA256_HMAC), new SecretKeySpec(ascii("Jefe"), "GenericSecret"))
                        .sign(ascii("what do ya want for nothing?")))));
    // NIST SP 800-38A F.1.1, F.2.1, F.5.1 (AES-128).
    k.add(
        new Kat(
            "AES-ECB/CBC/CTR",
            Set.of(Ckm.AES_KEY_GEN, Ckm.AES_ECB, Ckm.AES_CBC, Ckm.AES_CBC_PAD, Ckm.AES_CTR),
            (s, e) -> {
              Key key = new SecretKeySpec(hex("2b7e151628aed2a6abf7158809cf4f3c"), "AES");
              byte[] p = hex("6bc1bee22e409f96e93d7e117393172a");
              e.equal(
                  "3ad77bb40d7a3660a89ecaf32466ef97", s.encryptor(m(Ckm.AES_ECB), key).process(p));
              e.equal(
                  "7649abac8119b246cee98e9b12e9197d",
                  s.encryptor(
                          Mechanism.of(
                              Ckm.AES_CBC, new IvParams(hex("000102030405060708090a0b0c0d0e0f"))),
                          key)
                      .process(p));
              e.equal(
                  "874d6191b620e3261bef6864990db6ce",
                  s.encryptor(
                          Mechanism.of(
                              Ckm.AES_CTR,
                              new CtrParams(128, hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"))),
                          key)
                      .process(p));
            }));
    // McGrew & Viega, "The Galois/Counter Mode of Operation", test case 2.
    k.add(
        new Kat(
            "AES-GCM",
            Set.of(Ckm.AES_GCM, Ckm.AES_GMAC),
            (s, e) ->
                e.equal(
                    "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf",
                    s.encryptor(
                            Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[12], null, 128)),
                            new SecretKeySpec(new byte[16], "AES"))
                        .process(new byte[16]))));
    // RFC 4493 section 4, example 2.
    k.add(
        new Kat(
            "AES-CMAC",
            Set.of(Ckm.AES_CMAC, Ckm.AES_CMAC_GENERAL, Ckm.SP800_108_COUNTER_KDF),
            (s, e) ->
                e.equal(
                    "070a16b46b4d4144f79bdd9dd04a287c",
                    s.signer(
                            m(Ckm.AES_CMAC),
                            new SecretKeySpec(hex("2b7e151628aed2a6abf7158809cf4f3c"), "AES"))
                        .sign(hex("6bc1bee22e409f96e93d7e117393172a")))));
    // RFC 3394 section 4.1.
    k.add(
        new Kat(
            "AES-KW",
            Set.of(Ckm.AES_KEY_WRAP),
            (s, e) ->
                e.equal(
                    "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5",
                    s.wrapper(
                            m(Ckm.AES_KEY_WRAP),
                            new SecretKeySpec(hex("000102030405060708090a0b0c0d0e0f"), "AES"))
                        .wrap(hex("00112233445566778899aabbccddeeff")))));
    // RFC 5649 section 6, first example (20-octet key).
    k.add(
        new Kat(
            "AES-KWP",
            Set.of(Ckm.AES_KEY_WRAP_KWP),
            (s, e) ->
                e.equal(
                    "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a",
                    s.wrapper(
                            m(Ckm.AES_KEY_WRAP_KWP),
                            new SecretKeySpec(
                                hex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8"), "AES"))
                        .wrap(hex("c37b7e6492584340bed12207808941155068f738")))));
    // NIST SP 800-67 rev 2, Appendix B example (first block).
    k.add(
        new Kat(
            "TDES",
            Set.of(
                Ckm.DES3_KEY_GEN,
                Ckm.DES3_ECB,
                Ckm.DES3_CBC,
                Ckm.DES3_CBC_PAD,
                Ckm.DES3_CMAC,
                Ckm.DES3_CMAC_GENERAL),
            (s, e) ->
                e.equal(
                    "a826fd8ce53b855f",
                    s.encryptor(
                            m(Ckm.DES3_ECB),
                            new SecretKeySpec(
                                hex("0123456789abcdef23456789abcdef01456789abcdef0123"), "DESede"))
                        .process(ascii("The qufc")))));
    // Wycheproof rsa_signature_2048_sha256 tcId 1 (empty message); the private key is the one of
    // rsa_oaep_2048_sha256_mgf1sha256 (same modulus). PKCS#1 v1.5 is deterministic.
    k.add(
        new Kat(
            "RSA",
            rsaMechanisms(),
            (s, e) -> {
              PrivateKey priv =
                  SoftwareProviders.keyFactory("RSA")
                      .generatePrivate(new PKCS8EncodedKeySpec(hex(RSA_2048_PKCS8)));
              e.equal(
                  RSA_2048_SHA256_SIG_OF_EMPTY,
                  s.signer(m(Ckm.SHA256_RSA_PKCS), priv).sign(new byte[0]));
            }));
    // Wycheproof ecdsa_secp256r1_sha256 tcId 1 (verification), plus a sign/verify PCT.
    k.add(
        new Kat(
            "ECDSA",
            ecMechanisms(),
            (s, e) -> {
              PublicKey pub =
                  SoftwareProviders.keyFactory("EC")
                      .generatePublic(new X509EncodedKeySpec(hex(P256_SPKI)));
              Mechanism der = Mechanism.of(Ckm.ECDSA_SHA256, SignatureFormatParams.DER);
              s.verifier(der, pub).verify(new byte[0], hex(P256_SHA256_DER_SIG_OF_EMPTY));
              KeyPair kp =
                  s.keyGenerators()
                      .generateKeyPair(m(Ckm.EC_KEY_PAIR_GEN), new KeyPairSpec.Ec("P-256"));
              byte[] sig = s.signer(m(Ckm.ECDSA_SHA256), kp.getPrivate()).sign(ascii("pct"));
              s.verifier(m(Ckm.ECDSA_SHA256), kp.getPublic()).verify(ascii("pct"), sig);
              e.holds(true, "ECDSA");
            }));
    // RFC 8032 section 7.1, TEST 1.
    k.add(
        new Kat(
            "EdDSA",
            Set.of(Ckm.EDDSA, Ckm.EC_EDWARDS_KEY_PAIR_GEN),
            (s, e) -> {
              PrivateKey priv =
                  KeyFactory.getInstance("Ed25519", Primitives.BC)
                      .generatePrivate(
                          new PKCS8EncodedKeySpec(
                              hex(
                                  "302e020100300506032b657004220420"
                                      + "9d61b19deffd5a60ba844af492ec2cc4"
                                      + "4449c5697b326919703bac031cae7f60")));
              e.equal(
                  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
                      + "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                  s.signer(m(Ckm.EDDSA), priv).sign(new byte[0]));
            }));
    // RFC 6070 test 1 (PBKDF2-HMAC-SHA1).
    k.add(
        new Kat(
            "PBKDF2",
            Set.of(Ckm.PKCS5_PBKD2),
            (s, e) ->
                e.equal(
                    "0c60c80f961f0e71f3a9b524af6012062fe037a6",
                    s.deriver(
                            Mechanism.of(
                                Ckm.PKCS5_PBKD2,
                                new Pbkdf2Params(Hash.SHA1, ascii("password"), ascii("salt"), 1)))
                        .derive(null, 20))));
    k.add(
        new Kat(
            "ML-DSA PCT",
            Set.of(Ckm.ML_DSA, Ckm.ML_DSA_KEY_PAIR_GEN),
            (s, e) -> {
              KeyPair kp =
                  s.keyGenerators()
                      .generateKeyPair(m(Ckm.ML_DSA_KEY_PAIR_GEN), new KeyPairSpec.MlDsa(44));
              byte[] sig = s.signer(m(Ckm.ML_DSA), kp.getPrivate()).sign(ascii("pct"));
              s.verifier(m(Ckm.ML_DSA), kp.getPublic()).verify(ascii("pct"), sig);
              e.holds(true, "ML-DSA sign/verify");
            }));
    k.add(
        new Kat(
            "DSA PCT",
            Set.of(
                Ckm.DSA_KEY_PAIR_GEN,
                Ckm.DSA,
                Ckm.DSA_SHA1,
                Ckm.DSA_SHA224,
                Ckm.DSA_SHA256,
                Ckm.DSA_SHA384,
                Ckm.DSA_SHA512),
            (s, e) -> {
              KeyPair kp =
                  s.keyGenerators()
                      .generateKeyPair(m(Ckm.DSA_KEY_PAIR_GEN), new KeyPairSpec.Dsa(2048));
              byte[] sig = s.signer(m(Ckm.DSA_SHA256), kp.getPrivate()).sign(ascii("pct"));
              s.verifier(m(Ckm.DSA_SHA256), kp.getPublic()).verify(ascii("pct"), sig);
              e.holds(true, "DSA sign/verify");
            }));
    k.add(
        new Kat(
            "ML-KEM PCT",
            Set.of(Ckm.ML_KEM, Ckm.ML_KEM_KEY_PAIR_GEN),
            (s, e) -> {
              KeyPair kp =
                  s.keyGenerators()
                      .generateKeyPair(m(Ckm.ML_KEM_KEY_PAIR_GEN), new KeyPairSpec.MlKem(512));
              KemOperation kem = s.kem(m(Ckm.ML_KEM));
              KemOperation.Encapsulation enc = kem.encapsulate(kp.getPublic());
              e.holds(
                  MessageDigest.isEqual(
                      enc.sharedSecret(), kem.decapsulate(kp.getPrivate(), enc.ciphertext())),
                  "ML-KEM encapsulate/decapsulate");
            }));
    k.add(
        new Kat(
            "DRBG health",
            Set.of(Ckm.SP800_90A_HMAC_DRBG, Ckm.SP800_90A_CTR_DRBG),
            (s, e) -> {
              byte[] a = Drbg.ctrAes256().generate(32);
              byte[] b = s.random().generate(32);
              e.holds(
                  !MessageDigest.isEqual(a, b) && !MessageDigest.isEqual(a, new byte[32]),
                  "DRBG outputs distinct and non-zero");
            }));
    return k;
  }

  private static Set<Long> hmacMechanisms() {
    return Set.of(
        Ckm.SHA_1_HMAC,
        Ckm.SHA_1_HMAC_GENERAL,
        Ckm.SHA224_HMAC,
        Ckm.SHA224_HMAC_GENERAL,
        Ckm.SHA256_HMAC,
        Ckm.SHA256_HMAC_GENERAL,
        Ckm.SHA384_HMAC,
        Ckm.SHA384_HMAC_GENERAL,
        Ckm.SHA512_HMAC,
        Ckm.SHA512_HMAC_GENERAL,
        Ckm.SHA3_224_HMAC,
        Ckm.SHA3_224_HMAC_GENERAL,
        Ckm.SHA3_256_HMAC,
        Ckm.SHA3_256_HMAC_GENERAL,
        Ckm.SHA3_384_HMAC,
        Ckm.SHA3_384_HMAC_GENERAL,
        Ckm.SHA3_512_HMAC,
        Ckm.SHA3_512_HMAC_GENERAL,
        Ckm.GENERIC_SECRET_KEY_GEN);
  }

  private static Set<Long> rsaMechanisms() {
    return Set.of(
        Ckm.RSA_PKCS_KEY_PAIR_GEN,
        Ckm.RSA_X9_31_KEY_PAIR_GEN,
        Ckm.RSA_PKCS,
        Ckm.RSA_X_509,
        Ckm.RSA_PKCS_OAEP,
        Ckm.RSA_PKCS_PSS,
        Ckm.RSA_X9_31,
        Ckm.SHA1_RSA_PKCS,
        Ckm.SHA224_RSA_PKCS,
        Ckm.SHA256_RSA_PKCS,
        Ckm.SHA384_RSA_PKCS,
        Ckm.SHA512_RSA_PKCS,
        Ckm.SHA3_224_RSA_PKCS,
        Ckm.SHA3_256_RSA_PKCS,
        Ckm.SHA3_384_RSA_PKCS,
        Ckm.SHA3_512_RSA_PKCS,
        Ckm.SHA1_RSA_PKCS_PSS,
        Ckm.SHA224_RSA_PKCS_PSS,
        Ckm.SHA256_RSA_PKCS_PSS,
        Ckm.SHA384_RSA_PKCS_PSS,
        Ckm.SHA512_RSA_PKCS_PSS,
        Ckm.SHA3_224_RSA_PKCS_PSS,
        Ckm.SHA3_256_RSA_PKCS_PSS,
        Ckm.SHA3_384_RSA_PKCS_PSS,
        Ckm.SHA3_512_RSA_PKCS_PSS,
        Ckm.SHA1_RSA_X9_31,
        Ckm.SHA224_RSA_X9_31,
        Ckm.SHA256_RSA_X9_31,
        Ckm.SHA384_RSA_X9_31,
        Ckm.SHA512_RSA_X9_31);
  }

  private static Set<Long> ecMechanisms() {
    return Set.of(
        Ckm.EC_KEY_PAIR_GEN,
        Ckm.ECDSA,
        Ckm.ECDSA_SHA1,
        Ckm.ECDSA_SHA224,
        Ckm.ECDSA_SHA256,
        Ckm.ECDSA_SHA384,
        Ckm.ECDSA_SHA512,
        Ckm.ECDSA_SHA3_224,
        Ckm.ECDSA_SHA3_256,
        Ckm.ECDSA_SHA3_384,
        Ckm.ECDSA_SHA3_512,
        Ckm.ECDH1_DERIVE,
        Ckm.ECDH1_COFACTOR_DERIVE,
        Ckm.EC_MONTGOMERY_KEY_PAIR_GEN);
  }
}
