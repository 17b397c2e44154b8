package io.selenehsm.server.trust;

import java.io.IOException;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server side of the TLS handshake: a client is trusted when the certificate it presents is
 * registered now ({@link ClientRegistry#byCertificate}, which sees edits other processes made), and
 * is still within its validity period. There is no chain building and no certification authority:
 * registration by exact certificate is the whole of the trust decision, as on the vendor's network
 * HSM. This manager only judges clients; asked to judge a server it refuses.
 */
public final class RegistryTrustManager extends X509ExtendedTrustManager {
  private final ClientRegistry registry;

  public RegistryTrustManager(ClientRegistry registry) {
    this.registry = registry;
  }

  /**
   * The registered client that presented {@code chain}, or a CertificateException saying why not.
   */
  public RegisteredClient verify(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the client presented no certificate");
    }
    X509Certificate cert = chain[0];
    String fingerprint = Fingerprints.sha256(cert);
    Optional<RegisteredClient> client;
    try {
      client = registry.byCertificate(cert);
    } catch (IOException e) {
      // Fail closed: a registry that cannot be read trusts no one.
      throw new CertificateException(
          "the client registry cannot be read, so no client is trusted: " + e.getMessage(), e);
    }
    if (client.isEmpty()) {
      throw new CertificateException(
          "client certificate "
              + fingerprint
              + " ("
              + cert.getSubjectX500Principal().getName()
              + ") is not registered with this server; its operator must register it"
              + " (selenecm: client register -client NAME -hostname HOST -certfile FILE)");
    }
    try {
      cert.checkValidity();
    } catch (CertificateException e) {
      throw new CertificateException(
          "client certificate "
              + fingerprint
              + " of registered client "
              + client.get().name()
              + " is outside its validity period: "
              + e.getMessage(),
          e);
    }
    return client.get();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    verify(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    verify(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    verify(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw serverSide();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw serverSide();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw serverSide();
  }

  /**
   * None: the certificate request names no authority, so a client sends its certificate whoever
   * issued it and an unregistered one is refused with a message naming its fingerprint.
   */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  private static CertificateException serverSide() {
    return new CertificateException(
        "the client registry judges clients only; a server certificate is checked against the"
            + " client's ServerCAFile");
  }
}
