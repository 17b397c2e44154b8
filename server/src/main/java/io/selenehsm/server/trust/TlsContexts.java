package io.selenehsm.server.trust;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS contexts of the device service's TCP listener and of its clients: mutual TLS, TLS 1.3 or
 * 1.2 only. The server trusts registered client certificates ({@link RegistryTrustManager}); a
 * client trusts exactly the certificates of its ServerCAFile (the pinned server certificate) and
 * checks the server's name against them, as the gRPC client checks the authority it dials.
 */
public final class TlsContexts {
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private TlsContexts() {}

  /** The server's context: its identity, client certificates required and judged by registry. */
  public static SslContext server(ServerIdentity id, ClientRegistry registry)
      throws GeneralSecurityException {
    try {
      return GrpcSslContexts.configure(
              SslContextBuilder.forServer(id.privateKey(), id.certificate()))
          .trustManager(new RegistryTrustManager(registry))
          .clientAuth(ClientAuth.REQUIRE)
          .protocols(PROTOCOLS)
          .build();
    } catch (javax.net.ssl.SSLException e) {
      throw new GeneralSecurityException("cannot build the server TLS context: " + e, e);
    }
  }

  /**
   * A client's context: it presents the certificate and key of {@code clientCertFile} and {@code
   * clientKeyFile} (the {@code LunaSA Client} keys ClientCertFile and ClientPrivKeyFile) and trusts
   * exactly the certificates in {@code serverCaFile} (ServerCAFile).
   */
  public static SslContext client(Path clientCertFile, Path clientKeyFile, Path serverCaFile)
      throws IOException, GeneralSecurityException {
    ClientIdentity me = ClientIdentity.load(clientCertFile, clientKeyFile);
    List<X509Certificate> servers = Pem.readCertificates(serverCaFile);
    try {
      return GrpcSslContexts.forClient()
          .keyManager(me.privateKey(), me.certificate())
          .trustManager(servers.toArray(X509Certificate[]::new))
          .protocols(PROTOCOLS)
          .build();
    } catch (javax.net.ssl.SSLException e) {
      throw new GeneralSecurityException("cannot build the client TLS context: " + e, e);
    }
  }
}
