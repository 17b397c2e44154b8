package io.selenehsm.cm;

import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.server.trust.ServerIdentity;
import picocli.CommandLine.Command;

/**
 * {@code ntls}: the TLS identity of this host's device service. The vendor calls its network HSM's
 * TLS service and certificate NTLS, and client operators know the certificate by that name; its
 * fingerprint is what they compare before trusting the copy they were given.
 */
@Command(name = "ntls", description = "Show the device service's TLS (NTLS) certificate.")
final class NtlsCommands extends Family {
  NtlsCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(
      name = "certificate",
      description =
          "Show the server certificate's file and fingerprint (created if the server never"
              + " started).")
  void certificate() throws HsmException {
    ServerIdentity id = ServerTrust.identity(ctx);
    if (id.createdNow()) {
      ctx.out().println("The server had no identity yet: a key and certificate were created.");
    }
    new Listing.Fields("")
        .add("Certificate file", id.certificateFile().toAbsolutePath())
        .add("Subject", id.certificate().getSubjectX500Principal().getName())
        .add("Valid until", id.certificate().getNotAfter().toInstant())
        .add("Fingerprint (SHA-256)", id.fingerprint())
        .print(ctx.out());
    ctx.out()
        .println(
            "Give the certificate file to each client's operator, who checks this fingerprint"
                + " and runs: clientconfig deploy -server <this host> -client <name> -servercert"
                + " <file>");
  }
}
