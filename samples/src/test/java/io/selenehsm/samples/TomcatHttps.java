package io.selenehsm.samples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.IntrospectionUtils;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * Embedded Tomcat 10.1 configured from {@code conf/tomcat/server-selene.xml}: the Connector,
 * SSLHostConfig and Certificate attributes of the shipped fragment are applied one by one the way
 * Tomcat's own digester applies them, so an attribute Tomcat does not know fails the test instead
 * of being ignored. The caller overrides what differs per run (port, descriptor file, PIN, alias,
 * type).
 */
final class TomcatHttps implements AutoCloseable {
  /** The fragment's three elements as attribute maps, in document order. */
  record Fragment(
      Map<String, String> connector,
      Map<String, String> hostConfig,
      Map<String, String> certificate) {
    static Fragment read(Path file) throws Exception {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc = f.newDocumentBuilder().parse(file.toFile());
      Element connector = doc.getDocumentElement();
      if (!connector.getTagName().equals("Connector")) {
        throw new IllegalArgumentException(file + ": the root element must be Connector");
      }
      Element host = (Element) connector.getElementsByTagName("SSLHostConfig").item(0);
      Element cert = (Element) host.getElementsByTagName("Certificate").item(0);
      return new Fragment(attributes(connector), attributes(host), attributes(cert));
    }

    private static Map<String, String> attributes(Element e) {
      Map<String, String> out = new LinkedHashMap<>();
      NamedNodeMap attrs = e.getAttributes();
      for (int i = 0; i < attrs.getLength(); i++) {
        out.put(attrs.item(i).getNodeName(), attrs.item(i).getNodeValue());
      }
      return out;
    }

    /** A copy with {@code name} set to {@code value} in the Certificate element. */
    Fragment withCertificate(String name, String value) {
      Map<String, String> c = new LinkedHashMap<>(certificate);
      c.put(name, value);
      return new Fragment(connector, hostConfig, c);
    }

    Fragment withHostConfig(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(hostConfig);
      h.put(name, value);
      return new Fragment(connector, h, certificate);
    }
  }

  private final Tomcat tomcat;
  private final Connector connector;

  private TomcatHttps(Tomcat tomcat, Connector connector) {
    this.tomcat = tomcat;
    this.connector = connector;
  }

  /** Starts Tomcat on 127.0.0.1, any free port, answering {@code body} to every GET. */
  static TomcatHttps start(Fragment fragment, Path baseDir, String body) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector(fragment.connector().get("protocol"));
    fragment
        .connector()
        .forEach(
            (name, value) -> {
              if (!name.equals("protocol") && !name.equals("port")) {
                set(connector, name, value, "Connector");
              }
            });
    connector.setPort(0);
    set(connector, "address", "127.0.0.1", "Connector");

    SSLHostConfig host = new SSLHostConfig();
    fragment.hostConfig().forEach((name, value) -> set(host, name, value, "SSLHostConfig"));
    SSLHostConfigCertificate cert =
        new SSLHostConfigCertificate(
            host,
            SSLHostConfigCertificate.Type.valueOf(
                fragment.certificate().getOrDefault("type", "UNDEFINED")));
    fragment
        .certificate()
        .forEach(
            (name, value) -> {
              if (!name.equals("type")) {
                set(cert, name, value, "Certificate");
              }
            });
    host.addCertificate(cert);
    connector.addSslHostConfig(host);
    tomcat.setConnector(connector);

    Context context = tomcat.addContext("", baseDir.toString());
    Tomcat.addServlet(context, "fixed", new FixedBody(body));
    context.addServletMappingDecoded("/*", "fixed");
    try {
      tomcat.start();
    } catch (LifecycleException e) {
      tomcat.destroy();
      throw e;
    }
    if (connector.getLocalPort() <= 0) {
      tomcat.stop();
      tomcat.destroy();
      throw new IllegalStateException("the HTTPS connector did not start; see Tomcat's log");
    }
    return new TomcatHttps(tomcat, connector);
  }

  private static void set(Object target, String name, String value, String element) {
    if (!IntrospectionUtils.setProperty(target, name, value)) {
      throw new IllegalArgumentException(element + " has no attribute " + name);
    }
  }

  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws LifecycleException {
    tomcat.stop();
    tomcat.destroy();
  }

  private static final class FixedBody extends HttpServlet {
    private final String body;

    FixedBody(String body) {
      this.body = body;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
      resp.getWriter().write(body);
    }
  }
}
