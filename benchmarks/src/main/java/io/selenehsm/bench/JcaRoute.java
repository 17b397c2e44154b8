package io.selenehsm.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
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
  private KeyPair pair;
  private SecretKey secret;
  private byte[] signature;

  JcaRoute(Route route, Row row) throws Exception {
    this.route = route;
    this.row = row;
    this.provider = providerFor(route, row);
    requireService();
    makeKeys();
  }

  /** The provider serving this row; for the JDK the one the JDK itself would pick. */
  private static Provider providerFor(Route route, Row row) throws Exception {
    return switch (route) {
      case JDK ->
          Security.getProvider(
              switch (row) {
                case RSA_PKCS1_SIGN, RSA_PKCS1_VERIFY, RSA_PSS_SIGN, RSA_KEYGEN -> "SunRsaSign";
                case ECDSA_SIGN, ECDSA_VERIFY, ED25519_SIGN, EC_KEYGEN -> "SunEC";
                case AES_GCM_1K, AES_GCM_16K, HMAC_1K -> "SunJCE";
              });
      case BC -> new BouncyCastleProvider();
      case ACCP -> accp(row);
      case SOFTHSM -> softHsm(row);
      case PROVIDER -> SeleneProviderSetup.open();
      case ENGINE -> throw new IllegalArgumentException("the engine is not a JCA provider");
    };
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
      case RSA_KEYGEN -> "RSA";
      case EC_KEYGEN -> "EC";
    };
  }

  private String serviceType() {
    return switch (row) {
      case AES_GCM_1K, AES_GCM_16K -> "Cipher";
      case HMAC_1K -> "Mac";
      case RSA_KEYGEN, EC_KEYGEN -> "KeyPairGenerator";
      default -> "Signature";
    };
  }

  private void requireService() {
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
              route == Route.PROVIDER
                  ? tokenKey("HmacSHA256", 256)
                  : new SecretKeySpec(row.input(), 0, 32, "HmacSHA256");
      case RSA_KEYGEN, EC_KEYGEN -> {} // the operation itself makes keys
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
    return route == Route.SOFTHSM || route == Route.PROVIDER;
  }

  private SecretKey tokenKey(String algorithm, int bits) throws Exception {
    KeyGenerator g = KeyGenerator.getInstance(algorithm, provider);
    g.init(bits);
    return g.generateKey();
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
        return g::generateKeyPair;
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
        s.initSign(pair.getPrivate());
        configure(s);
        return () -> {
          s.update(data);
          return s.sign();
        };
      }
    }
  }
}
