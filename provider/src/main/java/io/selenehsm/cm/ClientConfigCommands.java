package io.selenehsm.cm;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.server.trust.ClientIdentity;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.ClientRegistryException;
import io.selenehsm.server.trust.Fingerprints;
import io.selenehsm.server.trust.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clientconfig}: shows and edits the {@code selene.conf} in use (the file SELENE_CONF names,
 * else {@code $SELENE_HOME/selene.conf}, which {@code set} creates when the built-in defaults were
 * in use). Every edit is validated as a whole file before it is written; it takes effect for the
 * next process, since this shell keeps the devices it opened.
 */
@Command(name = "clientconfig", description = "Show and edit the selene.conf in use.")
final class ClientConfigCommands extends Family {
  ClientConfigCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(name = "show", description = "Show which selene.conf is in use and what it says.")
  void show() throws HsmException {
    Path file = ConfigFile.path(ctx);
    if (!Files.exists(file)) {
      ctx.out()
          .println(
              "No configuration file: the built-in defaults are in use. An edit is"
                  + " written to "
                  + file
                  + ".");
      return;
    }
    ctx.out().println("Configuration file: " + file);
    ctx.out().print(ConfigFile.read(ctx).render());
  }

  @Command(name = "set", description = "Set KEY of SECTION to VALUE (checked like the file).")
  void set(
      @Option(names = "-section", required = true, paramLabel = "SECTION") String section,
      @Option(names = "-key", required = true, paramLabel = "KEY") String key,
      @Option(names = "-value", required = true, paramLabel = "VALUE") String value)
      throws HsmException {
    ClientConfig config = ConfigFile.read(ctx);
    Path file = ConfigFile.write(ctx, ConfigFile.edit(() -> config.with(section, key, value)));
    ctx.out()
        .println(
            section
                + "."
                + key
                + " set to "
                + value.strip()
                + " in "
                + file
                + "; the next process uses it.");
  }

  @Command(name = "unset", description = "Remove KEY from SECTION (its default applies).")
  void unset(
      @Option(names = "-section", required = true, paramLabel = "SECTION") String section,
      @Option(names = "-key", required = true, paramLabel = "KEY") String key)
      throws HsmException {
    ClientConfig config = ConfigFile.read(ctx);
    Path file = ConfigFile.write(ctx, ConfigFile.edit(() -> config.without(section, key)));
    ctx.out()
        .println(
            section + "." + key + " removed from " + file + "; the next process uses its default.");
  }

  @Command(
      name = "deploy",
      description =
          "Make this host a network client of a Selene server: certificates and selene.conf.")
  void deploy(
      @Option(
              names = {"-server", "-n"},
              required = true,
              paramLabel = "HOST")
          String server,
      @Option(
              names = "-port",
              paramLabel = "PORT",
              defaultValue = "1792",
              description = "the server's TLS port (default 1792)")
          int port,
      @Option(
              names = {"-client", "-c"},
              required = true,
              paramLabel = "NAME")
          String client,
      @Option(
              names = "-servercert",
              required = true,
              paramLabel = "FILE",
              description = "the server certificate its operator gave you ('ntls certificate')")
          Path serverCert,
      @Option(names = "-regen", description = "replace this client's key and certificate")
          boolean regen)
      throws HsmException {
    String host = server.strip();
    if (host.isEmpty() || !host.matches("[A-Za-z0-9._:\\[\\]-]+")) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "-server '" + server + "' is not a host name");
    }
    if (port < 1 || port > 65535) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "-port " + port + " is not in 1..65535");
    }
    try {
      ClientRegistry.checkName(client);
    } catch (ClientRegistryException e) {
      throw ServerTrust.refused(e);
    }
    X509Certificate serverCertificate =
        ServerTrust.certificate(serverCert, "the server certificate");
    Path home = ServerTrust.seleneHome(ctx);
    Path certFile = home.resolve("cert/client/" + client + "Cert.pem").toAbsolutePath();
    Path keyFile = home.resolve("cert/client/" + client + "Key.pem").toAbsolutePath();
    Path caFile = home.resolve("cert/server/CAFile.pem").toAbsolutePath();

    // The configuration edit is checked first, so a refused one leaves no file behind.
    ClientConfig config = ConfigFile.read(ctx);
    Integer newIndex = null;
    if (ClientDeployment.listedAt(config, host, port).isEmpty()) {
      newIndex =
          ClientDeployment.nextFree(config)
              .orElseThrow(
                  () ->
                      new HsmException(
                          Ckr.OPERATION_NOT_ALLOWED,
                          "the LunaSA Client section lists "
                              + ClientDeployment.MAX_SERVERS
                              + " servers already"));
    }
    Map<String, String> entries =
        ClientDeployment.entries(
            certFile.toString(), keyFile.toString(), caFile.toString(), host, port, newIndex);
    ClientConfig next = ConfigFile.edit(() -> config.with(ClientDeployment.SECTION, entries));

    ClientIdentity identity = clientIdentity(client, certFile, keyFile, regen);
    boolean added = pinServer(caFile, serverCertificate);
    Path confFile = ConfigFile.write(ctx, next);

    ctx.out()
        .println(
            (regen ? "New client" : "Client")
                + " certificate: "
                + certFile
                + " (key "
                + keyFile
                + ", owner-only)");
    ctx.out().println("Client certificate fingerprint (SHA-256): " + identity.fingerprint());
    ctx.out()
        .println(
            "Server certificate fingerprint (SHA-256): "
                + Fingerprints.sha256(serverCertificate)
                + (added ? " added to " : " already in ")
                + caFile
                + "; compare it with what 'ntls certificate' shows on the server");
    ctx.out()
        .println(
            confFile
                + ": "
                + ClientDeployment.SECTION
                + (newIndex == null
                    ? " lists " + host + ":" + port + " already"
                    : " "
                        + ClientDeployment.serverName(newIndex)
                        + " = "
                        + host
                        + ", "
                        + ClientDeployment.serverPort(newIndex)
                        + " = "
                        + port));
    ctx.out().println("On the server, its operator copies " + certFile + " there and runs:");
    ctx.out()
        .println(
            "  client register -client "
                + client
                + " -hostname "
                + ServerTrust.localHostName()
                + " -certfile <copy of "
                + certFile.getFileName()
                + ">");
    ctx.out()
        .println("  client assignpartition -client " + client + " -partition <partition serial>");
  }

  /** The client's identity: created once, replaced with {@code regen}, else loaded. */
  private static ClientIdentity clientIdentity(
      String client, Path certFile, Path keyFile, boolean regen) throws HsmException {
    try {
      if (regen || (!Files.exists(certFile) && !Files.exists(keyFile))) {
        return ClientIdentity.create(client, certFile, keyFile);
      }
      return ClientIdentity.load(certFile, keyFile);
    } catch (IllegalArgumentException e) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "-client: " + e.getMessage(), e);
    } catch (IOException | GeneralSecurityException e) {
      throw new HsmException(
          Ckr.GENERAL_ERROR,
          "cannot use the client certificate "
              + certFile
              + " and key "
              + keyFile
              + ": "
              + e.getMessage()
              + "; -regen makes new ones (the server must then register the new certificate)",
          e);
    }
  }

  /**
   * Adds the server certificate to the ServerCAFile, which holds one certificate per server this
   * client trusts, as the vendor's does; false when it was there already.
   */
  private static boolean pinServer(Path caFile, X509Certificate cert) throws HsmException {
    try {
      List<X509Certificate> pinned = new ArrayList<>();
      if (Files.exists(caFile)) {
        pinned.addAll(Pem.readCertificates(caFile));
      }
      String fingerprint = Fingerprints.sha256(cert);
      if (pinned.stream().anyMatch(c -> Fingerprints.sha256(c).equals(fingerprint))) {
        return false;
      }
      pinned.add(cert);
      StringBuilder pem = new StringBuilder();
      for (X509Certificate c : pinned) {
        pem.append(Pem.certificate(c));
      }
      Files.createDirectories(caFile.getParent());
      Path tmp = Files.createTempFile(caFile.getParent(), "CAFile", ".tmp");
      try {
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
        Files.move(
            tmp, caFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return true;
    } catch (IOException | GeneralSecurityException e) {
      throw new HsmException(
          Ckr.GENERAL_ERROR, "cannot add the server certificate to " + caFile + ": " + e, e);
    }
  }
}
