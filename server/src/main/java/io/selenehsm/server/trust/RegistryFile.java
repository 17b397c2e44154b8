package io.selenehsm.server.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The text of the registry file: one block per client, in name order, each with its certificate in
 * PEM, so the file alone says whom the server trusts and can be read (and backed up) by hand:
 *
 * <pre>
 * # Selene registered clients ...
 * format 1
 *
 * client web01
 * hostname web01.example.com
 * partitions 1234567001 1234567002
 * -----BEGIN CERTIFICATE-----
 * ...
 * -----END CERTIFICATE-----
 * </pre>
 *
 * A file that does not parse is an error naming the line: the server then refuses every client
 * rather than guess whom to trust.
 */
final class RegistryFile {
  /** One client as stored: its public record and its certificate. */
  record Entry(RegisteredClient client, X509Certificate certificate) {}

  static final int FORMAT = 1;
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private RegistryFile() {}

  static byte[] render(List<Entry> entries) {
    StringBuilder b = new StringBuilder();
    b.append("# Selene registered clients: written by 'selenecm client' commands, replaced")
        .append(" as a whole on each change.\n")
        .append("format ")
        .append(FORMAT)
        .append('\n');
    for (Entry e : entries) {
      RegisteredClient c = e.client();
      b.append("\nclient ").append(c.name()).append('\n');
      b.append("hostname ").append(c.hostname()).append('\n');
      b.append("partitions");
      c.partitions().forEach(p -> b.append(' ').append(p));
      b.append('\n');
      try {
        b.append(Pem.certificate(e.certificate()));
      } catch (GeneralSecurityException x) {
        throw new IllegalStateException("a parsed certificate always encodes", x);
      }
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static List<Entry> parse(byte[] bytes, String source) throws IOException {
    List<String> lines = new String(bytes, StandardCharsets.US_ASCII).lines().toList();
    List<Entry> entries = new ArrayList<>();
    boolean formatSeen = false;
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i).strip();
      int lineNo = i + 1;
      i++;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = line.split("\\s+");
      if (!formatSeen) {
        if (!words[0].equals("format") || words.length != 2 || !words[1].equals("" + FORMAT)) {
          throw bad(source, lineNo, "expected 'format " + FORMAT + "' first, found: " + line);
        }
        formatSeen = true;
        continue;
      }
      if (!words[0].equals("client") || words.length != 2) {
        throw bad(source, lineNo, "expected 'client NAME', found: " + line);
      }
      String name = words[1];
      String hostname = value(lines, i++, "hostname", source);
      String partitionLine = i < lines.size() ? lines.get(i).strip() : "";
      if (!partitionLine.equals("partitions") && !partitionLine.startsWith("partitions ")) {
        throw bad(source, i + 1, "expected 'partitions [SERIAL...]' for client " + name);
      }
      i++;
      Set<String> partitions =
          new LinkedHashSet<>(
              Arrays.asList(partitionLine.substring("partitions".length()).strip().split("\\s+")));
      partitions.remove("");
      if (i >= lines.size() || !lines.get(i).strip().equals(BEGIN)) {
        throw bad(source, i + 1, "expected the certificate of client " + name);
      }
      StringBuilder pem = new StringBuilder();
      while (i < lines.size() && !lines.get(i).strip().equals(END)) {
        pem.append(lines.get(i++)).append('\n');
      }
      if (i >= lines.size()) {
        throw bad(source, i, "the certificate of client " + name + " is not terminated");
      }
      pem.append(lines.get(i++)).append('\n');
      X509Certificate cert;
      try {
        cert =
            (X509Certificate)
                CertificateFactory.getInstance(
                        "X.509", SoftwareJca.provider("CertificateFactory", "X.509"))
                    .generateCertificate(
                        new ByteArrayInputStream(
                            pem.toString().getBytes(StandardCharsets.US_ASCII)));
      } catch (CertificateException | java.security.NoSuchAlgorithmException e) {
        throw bad(source, lineNo, "the certificate of client " + name + " does not parse: " + e);
      }
      entries.add(
          new Entry(
              new RegisteredClient(name, hostname, Fingerprints.sha256(cert), partitions), cert));
    }
    if (!formatSeen && !entries.isEmpty()) {
      throw bad(source, 1, "no 'format' line");
    }
    return entries;
  }

  private static String value(List<String> lines, int index, String key, String source)
      throws IOException {
    String line = index < lines.size() ? lines.get(index).strip() : "";
    String[] words = line.split("\\s+");
    if (words.length != 2 || !words[0].equals(key)) {
      throw bad(source, index + 1, "expected '" + key + " VALUE', found: " + line);
    }
    return words[1];
  }

  private static IOException bad(String source, int line, String what) {
    return new IOException("client registry " + source + ", line " + line + ": " + what);
  }
}
