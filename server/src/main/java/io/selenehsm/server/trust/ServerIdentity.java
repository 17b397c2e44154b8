package io.selenehsm.server.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The device service's TLS identity: an EC P-256 key and a self-signed certificate created at the
 * first start in the server directory ({@code server-cert.pem}, 0644, and {@code server-key.pem},
 * 0600) and loaded by every later start, so its fingerprint stays what client operators checked.
 * Like the vendor's appliance, the server is its own root: a client pins exactly this certificate.
 */
public final class ServerIdentity {
  /** The server directory under SELENE_HOME. */
  public static final String SERVER_DIR = "server";

  public static final String CERT_FILE = "server-cert.pem";
  public static final String KEY_FILE = "server-key.pem";

  private final SelfSignedIdentity identity;
  private final Path certFile;
  private final boolean createdNow;

  private ServerIdentity(SelfSignedIdentity identity, Path certFile, boolean createdNow) {
    this.identity = identity;
    this.certFile = certFile;
    this.createdNow = createdNow;
  }

  /**
   * The directory of the server that holds the devices of {@code seleneHome}: its identity and its
   * client registry. The one place that names it, for the server and the admin shell alike.
   */
  public static Path serverDir(Path seleneHome) {
    return seleneHome.resolve(SERVER_DIR);
  }

  /**
   * Loads the identity in {@code serverDir}, creating it (and the directory, 0700) when there is
   * none. A new certificate is valid for {@code hostName}, {@code localhost}, 127.0.0.1 and ::1. A
   * key file without its certificate is the trace of a first start that did not finish (the key is
   * written first and was never shown), so the pair is created again; a certificate without its key
   * is an error, since replacing it would silently break every client that pinned it.
   */
  public static ServerIdentity loadOrCreate(Path serverDir, String hostName)
      throws IOException, GeneralSecurityException {
    Path cert = serverDir.resolve(CERT_FILE);
    Path key = serverDir.resolve(KEY_FILE);
    SecureFiles.createPrivateDirectory(serverDir);
    try (RegistryLock lock = RegistryLock.acquire(serverDir)) {
      if (Files.exists(cert)) {
        if (!Files.exists(key)) {
          throw new GeneralSecurityException(
              cert
                  + " exists but its key "
                  + key
                  + " is missing; restore the key, or remove the certificate to create a new"
                  + " identity (every client must then be given the new certificate)");
        }
        SelfSignedIdentity.checkPrivate(key);
        return new ServerIdentity(SelfSignedIdentity.load(cert, key), cert, false);
      }
      SelfSignedIdentity created =
          SelfSignedIdentity.generate(
              hostName,
              List.of(hostName, "localhost", "127.0.0.1", "::1"),
              SelfSignedIdentity.Purpose.SERVER);
      created.store(cert, key);
      return new ServerIdentity(created, cert, true);
    }
  }

  public X509Certificate certificate() {
    return identity.certificate();
  }

  public PrivateKey privateKey() {
    return identity.privateKey();
  }

  /** SHA-256 of the certificate, {@code AB:CD:...}: what a client operator compares. */
  public String fingerprint() {
    return identity.fingerprint();
  }

  /** Whether this call created the identity (the first start). */
  public boolean createdNow() {
    return createdNow;
  }

  /** The certificate file a client operator copies (it becomes the client's ServerCAFile). */
  public Path certificateFile() {
    return certFile;
  }
}
