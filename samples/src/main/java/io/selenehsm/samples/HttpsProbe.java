package io.selenehsm.samples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS client for the demo and the tests: the JDK {@link HttpClient}, trusting exactly one
 * certificate (the one exported from the partition) and speaking exactly one protocol version, so a
 * successful answer proves which key and which protocol served it.
 */
public final class HttpsProbe {
  /** What the server answered, and over which session. */
  public record Answer(
      int status,
      String body,
      String protocol,
      String cipherSuite,
      X509Certificate serverCertificate) {}

  private HttpsProbe() {}

  /**
   * GETs {@code https://localhost:<port>/} over {@code protocol} ("TLSv1.3" or "TLSv1.2"), trusting
   * only {@code trusted}. The host name is "localhost" so the certificate's name can be checked as
   * a browser would.
   */
  public static Answer get(int port, X509Certificate trusted, String protocol)
      throws IOException, InterruptedException, GeneralSecurityException {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(trusting(trusted))
            .sslParameters(only(protocol))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/"))
            .timeout(Duration.ofSeconds(20))
            .GET()
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    SSLSession session =
        response
            .sslSession()
            .orElseThrow(() -> new IOException("the response came without a TLS session"));
    return new Answer(
        response.statusCode(),
        response.body(),
        session.getProtocol(),
        session.getCipherSuite(),
        (X509Certificate) session.getPeerCertificates()[0]);
  }

  /** An SSLContext whose trust store holds {@code trusted} alone. */
  public static SSLContext trusting(X509Certificate trusted)
      throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", trusted);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static SSLParameters only(String protocol) {
    SSLParameters p = new SSLParameters();
    p.setProtocols(new String[] {protocol});
    return p;
  }
}
