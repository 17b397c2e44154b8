package io.selenehsm.cm;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.ClientRegistryException;
import io.selenehsm.server.trust.Pem;
import io.selenehsm.server.trust.ServerIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/**
 * What the {@code client}, {@code ntls} and {@code clientconfig deploy} commands share: the
 * SELENE_HOME of the shell's devices, the device service's directory under it (one name, {@link
 * ServerIdentity#serverDir}), and the mapping of trust errors onto return codes.
 */
final class ServerTrust {
  private ServerTrust() {}

  static Path seleneHome(ShellContext ctx) throws HsmException {
    return ctx.directory()
        .seleneHome()
        .orElseThrow(
            () ->
                new HsmException(
                    Ckr.OPERATION_NOT_ALLOWED,
                    "this shell was started over devices without a SELENE_HOME, so there is no"
                        + " device service directory; set SELENE_HOME"));
  }

  /** {@code $SELENE_HOME/server}: the identity and client registry of this host's server. */
  static Path serverDir(ShellContext ctx) throws HsmException {
    return ServerIdentity.serverDir(seleneHome(ctx));
  }

  static ClientRegistry registry(ShellContext ctx) throws HsmException {
    Path dir = serverDir(ctx);
    try {
      return ClientRegistry.open(dir);
    } catch (IOException e) {
      throw new HsmException(
          Ckr.GENERAL_ERROR, "cannot open the client registry in " + dir + ": " + e, e);
    }
  }

  /** The server's identity, created now if the server has never started. */
  static ServerIdentity identity(ShellContext ctx) throws HsmException {
    Path dir = serverDir(ctx);
    try {
      return ServerIdentity.loadOrCreate(dir, localHostName());
    } catch (IOException | GeneralSecurityException e) {
      throw new HsmException(
          Ckr.GENERAL_ERROR,
          "cannot load the server identity in " + dir + ": " + e.getMessage(),
          e);
    }
  }

  /** This host's name as the resolver gives it, without a reverse lookup; else localhost. */
  static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** The first certificate of a PEM file; an unreadable file is CKR_CERTIFICATE_DATA_INVALID. */
  static X509Certificate certificate(Path file, String what) throws HsmException {
    try {
      return Pem.readCertificate(file);
    } catch (IOException | GeneralSecurityException e) {
      throw new HsmException(
          Ckr.CERTIFICATE_DATA_INVALID,
          "cannot read " + what + " " + file + ": " + e.getMessage(),
          e);
    }
  }

  static HsmException refused(ClientRegistryException e) {
    long code =
        switch (e.reason()) {
          case INVALID_VALUE, UNKNOWN_CLIENT -> Ckr.ARGUMENTS_BAD;
          case DUPLICATE_NAME, DUPLICATE_CERTIFICATE, ALREADY_ASSIGNED, NOT_ASSIGNED ->
              Ckr.OPERATION_NOT_ALLOWED;
        };
    return new HsmException(code, e.getMessage(), e);
  }

  static HsmException ioFailure(ClientRegistry registry, IOException e) {
    return new HsmException(
        Ckr.GENERAL_ERROR, "cannot use the client registry " + registry.file() + ": " + e, e);
  }
}
