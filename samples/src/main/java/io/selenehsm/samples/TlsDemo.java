package io.selenehsm.samples;

import io.selenehsm.provider.exception.SeleneException;
import io.selenehsm.provider.key.SeleneKey;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

/**
 * HTTPS from embedded Jetty with the server's private key inside the HSM: an EC P-256 key pair is
 * generated in the partition, its certificate is signed there, both are stored through KeyStore
 * {@code Selene}, and Jetty presents them. A JDK HttpClient that trusts only that certificate then
 * connects over TLS 1.3 and TLS 1.2, and the key's usage counter in the HSM shows that the
 * handshake signatures were made by the engine.
 *
 * <p>Standalone: {@code java -cp selene-samples-<version>-all.jar io.selenehsm.samples.TlsDemo
 * [port]} does the same on an in-memory HSM and then keeps serving on 127.0.0.1:port (default 8443)
 * until Enter is pressed.
 */
public final class TlsDemo {
  static final String ALIAS = "tls-demo";
  static final String BODY = "Hello from Jetty; the TLS key never left the Selene partition.\n";

  private TlsDemo() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8443;
    try (SampleContext ctx = SampleContext.inMemory(System.out)) {
      try (JettyHttps server = serve(System.out, ctx, port)) {
        System.out.printf(
            "Serving https://localhost:%d/ (certificate in tls-demo.pem);"
                + " press Enter to stop%n",
            server.port());
        System.in.read();
      }
    }
  }

  /** The sample: serve, connect over TLS 1.3 and 1.2, print what happened, stop. */
  public static void run(PrintStream out, SampleContext ctx) throws Exception {
    try (JettyHttps server = serve(out, ctx, 0)) {
      out.println("Jetty listens on 127.0.0.1:" + server.port());
    } finally {
      ctx.provider().getSlotManager().logout();
    }
    out.println("Jetty stopped; logged out");
  }

  private static JettyHttps serve(PrintStream out, SampleContext ctx, int port) throws Exception {
    boolean added = Security.getProvider(ctx.provider().getName()) == null;
    if (added) {
      // JSSE names no provider when it signs; the installed provider list must hold Selene
      Security.addProvider(ctx.provider());
      out.println("Installed the Selene provider so JSSE's delayed provider selection finds it");
    }
    KeyStore ks = KeyStore.getInstance("Selene", ctx.provider());
    ks.load(
        new ByteArrayInputStream(("slot:" + ctx.slot() + "\n").getBytes(StandardCharsets.US_ASCII)),
        ctx.coPin().toCharArray());
    out.println("Opened KeyStore Selene on slot " + ctx.slot() + " as Crypto Officer");
    X509Certificate cert = createServerEntry(ks, ctx.provider(), ALIAS, "EC");
    out.println(
        "Generated an EC P-256 key pair in the HSM, self-signed its certificate there"
            + " and stored both as entry \""
            + ALIAS
            + "\": "
            + cert.getSubjectX500Principal());
    if (port != 0) {
      java.nio.file.Files.writeString(java.nio.file.Path.of("tls-demo.pem"), pem(cert));
    }

    JettyHttps server =
        JettyHttps.start(
            JettyHttps.sslContext(ks, ALIAS, List.of("TLSv1.3", "TLSv1.2")), port, BODY);
    try {
      for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
        long before = usageCount(ks, ALIAS);
        HttpsProbe.Answer a = HttpsProbe.get(server.port(), cert, protocol);
        long after = usageCount(ks, ALIAS);
        out.printf(
            "GET over %s (%s): HTTP %d, \"%s\"; the HSM key signed %d time(s)%n",
            a.protocol(), a.cipherSuite(), a.status(), a.body().strip(), after - before);
        if (!a.protocol().equals(protocol) || after <= before) {
          throw new IllegalStateException("the " + protocol + " handshake did not use the HSM key");
        }
      }
    } catch (Exception | Error e) {
      server.close();
      throw e;
    } finally {
      if (added && port == 0) {
        Security.removeProvider(ctx.provider().getName());
      }
    }
    return server;
  }

  /**
   * Generates a key pair of {@code algorithm} ("RSA" 2048 or "EC" P-256) in the partition, signs a
   * certificate for "localhost" with it inside the HSM and stores both under {@code alias}.
   */
  public static X509Certificate createServerEntry(
      KeyStore ks, Provider selene, String alias, String algorithm)
      throws GeneralSecurityException {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance(algorithm, selene);
    String signature;
    if (algorithm.equals("EC")) {
      kpg.initialize(new ECGenParameterSpec("secp256r1"));
      signature = "SHA256withECDSA";
    } else {
      kpg.initialize(2048);
      signature = "SHA256withRSA";
    }
    KeyPair pair = kpg.generateKeyPair();
    X509Certificate cert =
        TlsCertificates.selfSignedServer(
            pair.getPublic(), pair.getPrivate(), signature, selene, "localhost");
    ks.setKeyEntry(alias, pair.getPrivate(), null, new Certificate[] {cert});
    return cert;
  }

  /** How many operations the HSM has done with the private key of entry {@code alias}. */
  public static long usageCount(KeyStore ks, String alias) throws GeneralSecurityException {
    SeleneKey key = (SeleneKey) ks.getKey(alias, null);
    try {
      return key.getUsageCount();
    } catch (SeleneException e) {
      throw new GeneralSecurityException("cannot read the usage count of " + alias, e);
    }
  }

  static String pem(X509Certificate cert) throws GeneralSecurityException {
    return "-----BEGIN CERTIFICATE-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }
}
