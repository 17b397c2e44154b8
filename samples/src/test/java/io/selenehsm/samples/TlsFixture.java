package io.selenehsm.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.junit.SeleneHsmAdmin;
import io.selenehsm.provider.UserRole;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The shared part of the TLS end-to-end tests: the in-memory HSM {@code @SeleneHsm} gives the test,
 * whose provider is installed as "Selene" (JSSE finds signers through the installed list), RSA-2048
 * and EC P-256 server keys generated in the partition with certificates signed there, a keystore
 * descriptor file for servers that read their keystore from disk, and the client checks.
 */
final class TlsFixture implements AutoCloseable {
  static final String BODY = "served with a key that never left the HSM";
  static final Map<String, String> ALIASES = Map.of("RSA", "tls-rsa", "EC", "tls-ec");

  final SampleContext context;
  final KeyStore keyStore;
  final Path descriptor;
  final Map<String, X509Certificate> certificates;
  private final Path dir;

  private TlsFixture(
      SampleContext context,
      KeyStore keyStore,
      Path descriptor,
      Map<String, X509Certificate> certificates,
      Path dir) {
    this.context = context;
    this.keyStore = keyStore;
    this.descriptor = descriptor;
    this.certificates = certificates;
    this.dir = dir;
  }

  /**
   * A partition holding one server identity of {@code keyType} ("RSA" or "EC"). One per partition
   * on purpose: with RSA and EC certificates for the same host side by side, Jetty picks by SNI and
   * key type, preferring what the client asks for first (ECDSA), whatever alias is configured.
   */
  static TlsFixture create(Path dir, String keyType, SeleneHsmAdmin hsm) throws Exception {
    return create(
        dir,
        keyType,
        SampleContext.over(
            hsm.provider(),
            hsm.slot(),
            hsm.partitionLabel(),
            hsm.pin(UserRole.CRYPTO_OFFICER),
            hsm.pin(UserRole.CRYPTO_USER)));
  }

  /** As above, on the partition of {@code ctx} (whose provider is installed as "Selene"). */
  static TlsFixture create(Path dir, String keyType, SampleContext ctx) throws Exception {
    try {
      KeyStore ks = KeyStore.getInstance("Selene", ctx.provider());
      Path descriptor = dir.resolve("selene-partition.txt");
      Files.writeString(descriptor, "slot:" + ctx.slot() + "\n", StandardCharsets.US_ASCII);
      ks.load(new ByteArrayInputStream(Files.readAllBytes(descriptor)), ctx.coPin().toCharArray());
      X509Certificate cert =
          TlsDemo.createServerEntry(ks, ctx.provider(), ALIASES.get(keyType), keyType);
      return new TlsFixture(ctx, ks, descriptor, Map.of(keyType, cert), dir);
    } catch (Exception | Error e) {
      ctx.close();
      throw e;
    }
  }

  /**
   * Connects to {@code port} over {@code protocol} with the JDK HttpClient trusting only the
   * certificate of {@code keyType}, and checks the answer, the protocol, the certificate and that
   * the HSM's usage counter for the key rose.
   */
  void checkJdkClient(int port, String keyType, String protocol) throws Exception {
    String alias = ALIASES.get(keyType);
    long before = TlsDemo.usageCount(keyStore, alias);
    HttpsProbe.Answer a = HttpsProbe.get(port, certificates.get(keyType), protocol);
    long after = TlsDemo.usageCount(keyStore, alias);
    assertEquals(200, a.status());
    assertEquals(BODY, a.body());
    assertEquals(protocol, a.protocol());
    assertEquals(certificates.get(keyType), a.serverCertificate());
    assertTrue(
        after > before,
        "the handshake signature was made in the HSM (CKA_USAGE_COUNT "
            + before
            + " -> "
            + after
            + ")");
  }

  /**
   * The same with the system's own clients: curl for the body, openssl s_client for the negotiated
   * protocol and the certificate check. Each is skipped, with a message, when it is not on the
   * PATH.
   */
  void checkSystemClients(int port, String keyType, String protocol) throws Exception {
    Path ca = dir.resolve(keyType + ".pem");
    Files.writeString(ca, TlsDemo.pem(certificates.get(keyType)), StandardCharsets.US_ASCII);
    String alias = ALIASES.get(keyType);
    if (onPath("curl")) {
      long before = TlsDemo.usageCount(keyStore, alias);
      Result r =
          run(
              null,
              "curl",
              "--silent",
              "--show-error",
              "--max-time",
              "20",
              "--cacert",
              ca.toString(),
              protocol.equals("TLSv1.3") ? "--tlsv1.3" : "--tlsv1.2",
              "--tls-max",
              protocol.equals("TLSv1.3") ? "1.3" : "1.2",
              "https://localhost:" + port + "/");
      assertEquals(0, r.exitCode(), r.output());
      assertEquals(BODY, r.stdout());
      assertTrue(TlsDemo.usageCount(keyStore, alias) > before, "curl's handshake used the HSM");
    } else {
      System.out.println(
          "curl is not on the PATH; skipping the curl check for " + keyType + " over " + protocol);
    }
    if (onPath("openssl")) {
      Result r =
          run(
              "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
              "openssl",
              "s_client",
              "-connect",
              "127.0.0.1:" + port,
              "-servername",
              "localhost",
              protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2",
              "-CAfile",
              ca.toString(),
              "-verify_return_error",
              "-brief",
              "-ign_eof");
      assertEquals(0, r.exitCode(), r.output());
      assertTrue(r.output().contains("Protocol version: " + protocol), r.output());
      assertTrue(r.output().contains("Verification: OK"), r.output());
      assertTrue(r.stdout().contains(BODY), r.output());
    } else {
      System.out.println(
          "openssl is not on the PATH; skipping the s_client check for "
              + keyType
              + " over "
              + protocol);
    }
  }

  private record Result(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  private Result run(String stdin, String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "client", ".out");
    Path err = Files.createTempFile(dir, "client", ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.US_ASCII));
      }
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      throw new AssertionError(List.of(command) + " did not finish in 30 s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    List<Path> dirs = new ArrayList<>();
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (!d.isEmpty()) {
        dirs.add(Path.of(d));
      }
    }
    return dirs.stream().anyMatch(d -> Files.isExecutable(d.resolve(program)));
  }

  /** Runs the JDK and system client checks for both protocols against one server. */
  void checkAllClients(IntSupplier port, String keyType) throws Exception {
    for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
      checkJdkClient(port.getAsInt(), keyType, protocol);
      checkSystemClients(port.getAsInt(), keyType, protocol);
    }
  }

  /** The HSM and the provider's registration are the {@code @SeleneHsm} fixture's to end. */
  @Override
  public void close() {
    context.close();
  }
}
