package io.selenehsm.samples;

import io.selenehsm.provider.SeleneCertificateX509;
import io.selenehsm.provider.SeleneProvider;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The program of docs/getting-started.md. {@code sign} generates an EC key pair inside the HSM,
 * stores both halves with a self-signed certificate in the partition, and signs a file; {@code
 * verify}, run later in another JVM, finds the certificate in the partition and checks the
 * signature with the JDK's own provider.
 *
 * <pre>
 * GettingStarted sign|verify PARTITION-LABEL CRYPTO-OFFICER-PIN MESSAGE-FILE SIGNATURE-FILE
 * </pre>
 */
public final class GettingStarted {
  private static final String ALIAS = "getting-started";

  private GettingStarted() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5 || !(args[0].equals("sign") || args[0].equals("verify"))) {
      System.err.println(
          "usage: GettingStarted sign|verify PARTITION-LABEL CRYPTO-OFFICER-PIN"
              + " MESSAGE-FILE SIGNATURE-FILE");
      System.exit(2);
    }
    String label = args[1];
    char[] pin = args[2].toCharArray();
    Path message = Path.of(args[3]);
    Path signatureFile = Path.of(args[4]);

    // The devices come from SELENE_CONF, else $SELENE_HOME/selene.conf, else the defaults:
    // the same rule selenecm follows, so both see the partition the shell set up.
    Security.addProvider(new SeleneProvider());
    KeyStore partition = KeyStore.getInstance("Selene");
    partition.load(
        new ByteArrayInputStream(("tokenlabel:" + label).getBytes(StandardCharsets.UTF_8)), pin);

    if (args[0].equals("sign")) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "Selene");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair(); // the private key stays in the HSM
      Instant now = Instant.now();
      Certificate certificate =
          SeleneCertificateX509.selfSign(
              pair,
              "CN=" + ALIAS,
              BigInteger.valueOf(now.getEpochSecond()),
              Date.from(now.minus(Duration.ofMinutes(1))),
              Date.from(now.plus(Duration.ofDays(365))));
      // Private key, public key and certificate become token objects of the partition.
      partition.setKeyEntry(ALIAS, pair.getPrivate(), null, new Certificate[] {certificate});

      Signature signer = Signature.getInstance("SHA256withECDSA", "Selene");
      signer.initSign((PrivateKey) partition.getKey(ALIAS, null));
      signer.update(Files.readAllBytes(message));
      Files.write(signatureFile, signer.sign());
      System.out.println(
          "Signed " + message + " with \"" + ALIAS + "\"; signature in " + signatureFile);
    } else {
      Certificate certificate = partition.getCertificate(ALIAS);
      if (certificate == null) {
        System.err.println("No key \"" + ALIAS + "\" in partition " + label + "; run sign first");
        System.exit(1);
      }
      Signature verifier = Signature.getInstance("SHA256withECDSA", "SunEC");
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(Files.readAllBytes(message));
      boolean valid = verifier.verify(Files.readAllBytes(signatureFile));
      System.out.println(
          "Signature of "
              + message
              + " verified with the certificate of \""
              + ALIAS
              + "\": "
              + valid);
      System.exit(valid ? 0 : 1);
    }
  }
}
