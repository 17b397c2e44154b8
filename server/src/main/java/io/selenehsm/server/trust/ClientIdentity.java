package io.selenehsm.server.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A client host's TLS identity: the key and self-signed certificate it presents to a server, which
 * the server's operator registers by certificate. Made by the same code as the server's identity.
 */
public final class ClientIdentity {
  private final SelfSignedIdentity identity;

  private ClientIdentity(SelfSignedIdentity identity) {
    this.identity = identity;
  }

  /**
   * Creates a key and a certificate for {@code clientName} (its subject CN; the server identifies a
   * client by the certificate's fingerprint, not by a name in it) and writes them: the certificate
   * 0644, the key 0600 (PKCS#8 PEM). Existing files are replaced.
   */
  public static ClientIdentity create(String clientName, Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    try {
      ClientRegistry.checkName(clientName);
    } catch (ClientRegistryException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    SelfSignedIdentity id =
        SelfSignedIdentity.generate(clientName, List.of(), SelfSignedIdentity.Purpose.CLIENT);
    SecureFiles.createPrivateDirectory(certFile.toAbsolutePath().getParent());
    SecureFiles.createPrivateDirectory(keyFile.toAbsolutePath().getParent());
    id.store(certFile, keyFile);
    return new ClientIdentity(id);
  }

  /** Reads a client identity; the key must belong to the certificate. */
  public static ClientIdentity load(Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    SelfSignedIdentity.checkPrivate(keyFile);
    return new ClientIdentity(SelfSignedIdentity.load(certFile, keyFile));
  }

  public X509Certificate certificate() {
    return identity.certificate();
  }

  public PrivateKey privateKey() {
    return identity.privateKey();
  }

  public String fingerprint() {
    return identity.fingerprint();
  }
}
