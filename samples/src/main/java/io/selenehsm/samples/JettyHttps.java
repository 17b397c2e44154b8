package io.selenehsm.samples;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * An embedded Jetty 12 server answering every HTTPS request with a fixed text body, its TLS key
 * taken from a {@link KeyStore}. With a {@code Selene} KeyStore the private key never leaves the
 * partition: JSSE asks the provider to sign each handshake.
 *
 * <p>The server listens on the loopback interface only; port 0 picks a free port.
 */
public final class JettyHttps implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  private JettyHttps(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** A TLS context presenting {@code alias} from {@code keyStore}, limited to {@code protocols}. */
  public static SslContextFactory.Server sslContext(
      KeyStore keyStore, String alias, List<String> protocols) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(keyStore);
    ssl.setCertAlias(alias);
    ssl.setIncludeProtocols(protocols.toArray(String[]::new));
    // clients in the demo and tests connect by IP address and send no server name
    ssl.setSniRequired(false);
    return ssl;
  }

  /** Starts a server on 127.0.0.1:{@code port} (0 = any free port) that answers {@code body}. */
  public static JettyHttps start(SslContextFactory.Server ssl, int port, String body)
      throws Exception {
    Objects.requireNonNull(body, "body");
    Server server = new Server();
    return start(server, ssl, port, body);
  }

  /**
   * Starts {@code server}, already configured elsewhere (say by a Jetty XML file that added the TLS
   * context as a bean), with one HTTPS connector using {@code ssl}.
   */
  public static JettyHttps start(Server server, SslContextFactory.Server ssl, int port, String body)
      throws Exception {
    HttpConfiguration http = new HttpConfiguration();
    // the host check compares the certificate with the SNI name; the demo certificates name
    // "localhost" while clients may connect by address
    http.addCustomizer(new SecureRequestCustomizer(false));
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new FixedBody(body));
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return new JettyHttps(server, connector);
  }

  /** The port the server listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port());
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** Answers every request with the same text. */
  private static final class FixedBody extends Handler.Abstract {
    private final byte[] body;

    FixedBody(String body) {
      this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.write(true, ByteBuffer.wrap(body), callback);
      return true;
    }
  }
}
