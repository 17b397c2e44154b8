package io.selenehsm.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A JCA provider used directly: the Selene provider, the JDK's own providers, Bouncy Castle, ACCP,
 * or SunPKCS11 over SoftHSM2. Each is given its best case: Signature and Mac objects are
 * initialised once per thread and reused (they reset after each sign or doFinal); a GCM Cipher is
 * re-initialised per operation because every encryption needs a fresh IV. Keys come from the
 * route's own generator (for Selene and SoftHSM2 they live in the HSM or on the token as sensitive
 * session objects).
 */
final class JcaRoute implements RouteFixture {
  /** System property naming the SunPKCS11 configuration written by scripts/softhsm.sh. */
  static final String PKCS11_CONFIG = "selene.bench.pkcs11.config";

  static final String PKCS11_PIN = "selene.bench.pkcs11.pin";

  private static final PSSParameterSpec PSS_SHA256 =
      new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

  private final Route route;
  private final Row row;
  private final Provider provider;

  /** The served device of a served route, closed with this fixture; null otherwise. */
  private final ServedDevice served;

  private KeyPair pair;
  private SecretKey secret;
  private byte[] signature;
  private byte[] ciphertext;

  JcaRoute(Route route, Row row) throws Exception {
    this.route = route;
    this.row = row;
    this.served = route.isServed() ? ServedDevice.start(route) : null;
    try {
      this.provider = served != null ? served.provider() : providerFor(route, row);
      if (row == Row.EC_TOKEN_KEYGEN && !route.isSeleneProvider() && route != Route.ACCP) {
        throw new SkippedRow(
            route,
            row,
            route == Route.SOFTHSM
                ? "SunPKCS11 cannot destroy the token keys it would generate, so they would pile"
                    + " up in the token"
                : "the storage floor (key pair + one forced write) is measured on ACCP only");
      }
      requireService();
      makeKeys();
    } catch (Exception | Error e) {
      close(); // a served route's server must not outlive a skipped trial
      throw e;
    }
  }

  /** The provider serving this row; for the JDK the one the JDK itself would pick. */
  private static Provider providerFor(Route route, Row row) throws Exception {
    return switch (route) {
      case JDK -> jdk(row);
      case BC -> new BouncyCastleProvider();
      case ACCP -> accp(row);
      case SOFTHSM -> softHsm(row);
      case PROVIDER -> SeleneProviderSetup.open(row == Row.EC_TOKEN_KEYGEN);
      case SERVED_UNIX, SERVED_TLS ->
          throw new IllegalArgumentException("a served route's provider is its device's");
      case ENGINE -> throw new IllegalArgumentException("the engine is not a JCA provider");
    };
  }

  private static Provider jdk(Row row) {
    String name =
        switch (row) {
          case RSA_PKCS1_SIGN, RSA_PKCS1_VERIFY, RSA_PSS_SIGN, RSA_KEYGEN -> "SunRsaSign";
          case ECDSA_SIGN, ECDSA_VERIFY, ED25519_SIGN, EC_KEYGEN, EC_TOKEN_KEYGEN -> "SunEC";
          case AES_GCM_1K, AES_GCM_16K, HMAC_1K -> "SunJCE";
          case ML_DSA_SIGN -> null;
          case ML_KEM_ENCAPSULATE, ML_KEM_DECAPSULATE ->
              throw new SkippedRow(
                  Route.JDK,
                  row,
                  "the benchmarks target Java 17, which has no javax.crypto.KEM (Java 21+)");
        };
    if (name != null) {
      return Security.getProvider(name);
    }
    Provider[] withMlDsa = Security.getProviders("Signature.ML-DSA");
    if (withMlDsa == null) {
      throw new SkippedRow(
          Route.JDK, row, "Java " + Runtime.version().feature() + " has no ML-DSA (Java 24+)");
    }
    return withMlDsa[0];
  }

  private static Provider accp(Row row) {
    Provider p = AmazonCorrettoCryptoProvider.INSTANCE;
    Throwable error = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
    if (error != null) {
      throw new SkippedRow(Route.ACCP, row, "ACCP did not load on this platform: " + error);
    }
    return p;
  }

  private static Provider softHsm(Row row) throws Exception {
    String config = System.getProperty(PKCS11_CONFIG);
    if (config == null || !Files.isRegularFile(Path.of(config))) {
      throw new SkippedRow(
          Route.SOFTHSM,
          row,
          "SoftHSM2 is not set up: run scripts/softhsm.sh"
              + " and pass -D"
              + PKCS11_CONFIG
              + "=<the path it prints> (scripts/bench.sh does both)");
    }
    if (System.getenv("SOFTHSM2_CONF") == null) {
      throw new SkippedRow(
          Route.SOFTHSM,
          row,
          "SOFTHSM2_CONF is not set: export the" + " softhsm2.conf beside " + config);
    }
    Provider p = Security.getProvider("SunPKCS11").configure(config);
    KeyStore login = KeyStore.getInstance("PKCS11", p);
    login.load(null, System.getProperty(PKCS11_PIN, "1234").toCharArray());
    return p;
  }

  private String algorithm() {
    return switch (row) {
      case RSA_PKCS1_SIGN, RSA_PKCS1_VERIFY -> "SHA256withRSA";
      // SunPKCS11 maps this name to CKM_SHA256_RSA_PKCS_PSS, hashing inside the token.
      case RSA_PSS_SIGN -> route == Route.SOFTHSM ? "SHA256withRSASSA-PSS" : "RSASSA-PSS";
      case ECDSA_SIGN, ECDSA_VERIFY -> "SHA256withECDSA";
      case ED25519_SIGN -> "Ed25519";
      case AES_GCM_1K, AES_GCM_16K -> "AES/GCM/NoPadding";
      case HMAC_1K -> "HmacSHA256";
      case ML_DSA_SIGN ->
          provider.getService("Signature", "ML-DSA-65") != null ? "ML-DSA-65" : "ML-DSA";
      case ML_KEM_ENCAPSULATE, ML_KEM_DECAPSULATE -> "ML-KEM";
      case RSA_KEYGEN -> "RSA";
      case EC_KEYGEN, EC_TOKEN_KEYGEN -> "EC";
    };
  }

  private String serviceType() {
    return switch (row) {
      case AES_GCM_1K, AES_GCM_16K -> "Cipher";
      case HMAC_1K -> "Mac";
      case RSA_KEYGEN, EC_KEYGEN, EC_TOKEN_KEYGEN -> "KeyPairGenerator";
      case ML_KEM_ENCAPSULATE, ML_KEM_DECAPSULATE -> "KeyGenerator";
      default -> "Signature";
    };
  }

  private void requireService() {
    if (route.isSeleneProvider() && row.isKem()) {
      return; // Java 17 has no KEM service; Selene offers ML-KEM through SeleneKem
    }
    boolean present =
        switch (serviceType()) {
          case "Cipher" -> {
            try {
              Cipher.getInstance(algorithm(), provider);
              yield true;
            } catch (Exception e) {
              yield false;
            }
          }
          default -> provider.getService(serviceType(), algorithm()) != null;
        };
    if (!present) {
      throw new SkippedRow(
          route, row, provider.getName() + " has no " + serviceType() + " " + algorithm());
    }
  }

  private void makeKeys() throws Exception {
    switch (row) {
      case RSA_PKCS1_SIGN, RSA_PKCS1_VERIFY, RSA_PSS_SIGN ->
          pair = keyPairGenerator("RSA").generateKeyPair();
      case ECDSA_SIGN, ECDSA_VERIFY -> pair = keyPairGenerator("EC").generateKeyPair();
      case ED25519_SIGN ->
          pair = KeyPairGenerator.getInstance("Ed25519", provider).generateKeyPair();
      case AES_GCM_1K, AES_GCM_16K ->
          secret = inHsm() ? tokenKey("AES", 256) : new SecretKeySpec(row.input(), 0, 32, "AES");
      case HMAC_1K ->
          secret =
              route.isSeleneProvider()
                  ? tokenKey("HmacSHA256", 256)
                  : new SecretKeySpec(row.input(), 0, 32, "HmacSHA256");
      case ML_DSA_SIGN -> pair = parameterSetPair("ML-DSA", "ML-DSA-65");
      case ML_KEM_ENCAPSULATE, ML_KEM_DECAPSULATE -> {
        pair = parameterSetPair("ML-KEM", "ML-KEM-768");
        ciphertext = newKem().encapsulate(pair.getPublic()).ciphertext();
      }
      case RSA_KEYGEN, EC_KEYGEN, EC_TOKEN_KEYGEN -> {} // the operation itself makes keys
    }
    if (row.isVerify()) {
      Signature s = newSignature();
      s.initSign(pair.getPrivate());
      configure(s);
      s.update(row.input());
      signature = s.sign();
    }
  }

  /** Keys of the HSM routes are made inside the HSM (SunPKCS11 imports a foreign HMAC key once). */
  private boolean inHsm() {
    return route == Route.SOFTHSM || route.isSeleneProvider();
  }

  private SecretKey tokenKey(String algorithm, int bits) throws Exception {
    KeyGenerator g = KeyGenerator.getInstance(algorithm, provider);
    g.init(bits);
    return g.generateKey();
  }

  /** An ML-DSA or ML-KEM pair: by the parameter set's own name, else the family's with a spec. */
  private KeyPair parameterSetPair(String family, String set) throws Exception {
    if (provider.getService("KeyPairGenerator", set) != null) {
      return KeyPairGenerator.getInstance(set, provider).generateKeyPair();
    }
    KeyPairGenerator g = KeyPairGenerator.getInstance(family, provider);
    g.initialize(new NamedParameterSpec(set));
    return g.generateKeyPair();
  }

  private Kem newKem() throws Exception {
    return route.isSeleneProvider() ? new Kem.Selene() : new Kem.Jca(provider);
  }

  private KeyPairGenerator keyPairGenerator(String algorithm) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, provider);
    if (algorithm.equals("RSA")) {
      g.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
    } else {
      g.initialize(new ECGenParameterSpec("secp256r1"));
    }
    return g;
  }

  private Signature newSignature() throws Exception {
    return Signature.getInstance(algorithm(), provider);
  }

  private void configure(Signature s) throws Exception {
    AlgorithmParameterSpec spec = row == Row.RSA_PSS_SIGN ? PSS_SHA256 : null;
    if (spec != null) {
      s.setParameter(spec);
    }
  }

  /** The row's public key (signature rows), for checks of the route's results. */
  PublicKey publicKey() {
    return pair.getPublic();
  }

  /** The row's secret key (AES-GCM and HMAC rows). */
  SecretKey secretKey() {
    return secret;
  }

  String providerName() {
    return provider.getName();
  }

  @Override
  public void close() {
    if (served != null) {
      served.close();
    }
  }

  @Override
  public Op newOp() throws Exception {
    byte[] data = row.input();
    switch (row) {
      case AES_GCM_1K, AES_GCM_16K -> {
        Cipher c = Cipher.getInstance(algorithm(), provider);
        byte[] iv = Ivs.forNewThread();
        return new Op() {
          private long counter;

          @Override
          public Object run() throws Exception {
            Ivs.next(iv, ++counter);
            c.init(Cipher.ENCRYPT_MODE, secret, new GCMParameterSpec(128, iv));
            return c.doFinal(data);
          }
        };
      }
      case HMAC_1K -> {
        Mac m = Mac.getInstance(algorithm(), provider);
        m.init(secret);
        return () -> m.doFinal(data);
      }
      case RSA_KEYGEN, EC_KEYGEN -> {
        KeyPairGenerator g = keyPairGenerator(algorithm());
        return route.isSeleneProvider() ? new HsmKeyPairs(g, false) : g::generateKeyPair;
      }
      case EC_TOKEN_KEYGEN -> {
        KeyPairGenerator g = keyPairGenerator(algorithm());
        return route.isSeleneProvider() ? new HsmKeyPairs(g, true) : new DurableFloor(g);
      }
      case ML_KEM_ENCAPSULATE, ML_KEM_DECAPSULATE -> {
        return new KemOp(newKem(), row == Row.ML_KEM_ENCAPSULATE, pair, ciphertext);
      }
      default -> {
        Signature s = newSignature();
        if (row.isVerify()) {
          s.initVerify(pair.getPublic());
          configure(s);
          byte[] sig = signature;
          return () -> {
            s.update(data);
            if (!s.verify(sig)) {
              throw new IllegalStateException(route.id + " rejected its own " + row.title);
            }
            return sig;
          };
        }
        if (row == Row.ML_DSA_SIGN) {
          // Hedged, as the HSM signs (FIPS 204's default, randomness from its DRBG): without a
          // SecureRandom Bouncy Castle signs deterministically, and one key and message then
          // repeat one rejection-loop count for the whole fork instead of averaging over them.
          s.initSign(pair.getPrivate(), new SecureRandom());
        } else {
          s.initSign(pair.getPrivate());
        }
        configure(s);
        return () -> {
          s.update(data);
          return s.sign();
        };
      }
    }
  }
}
