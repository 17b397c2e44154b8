package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.provider.testing.TestCa;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's keytool, as a separate process, managing keys in a Selene partition: generation inside
 * the HSM, listing, a certificate request, a CA reply, export and delete. The provider comes from
 * the shaded jar, loaded both by class name ({@code -providerclass}) and by ServiceLoader ({@code
 * -addprovider}). The device is durable, under a temporary SELENE_HOME.
 */
class KeytoolIT {
  private static final String PIN = DurablePartition.CO_PIN;

  @TempDir Path tmp;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void rsaKeyGetsACaSignedChainThroughKeytool() throws Exception {
    DurablePartition device = DurablePartition.create(tmp);
    Keytool keytool = new Keytool(tmp, device.environment());
    Path descriptor = descriptor();

    Keytool.Run gen =
        keytool.run(
            30,
            store(
                descriptor,
                byClass(
                    List.of(
                        "-genkeypair",
                        "-alias",
                        "web-rsa",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-sigalg",
                        "SHA256withRSA",
                        "-dname",
                        "CN=localhost, O=Selene keytool test",
                        "-validity",
                        "30"))));
    assertEquals(0, gen.exitCode(), gen.all());

    Keytool.Run csr =
        keytool.run(
            30,
            store(
                descriptor,
                byClass(
                    List.of(
                        "-certreq",
                        "-alias",
                        "web-rsa",
                        "-sigalg",
                        "SHA256withRSA",
                        "-file",
                        "web-rsa.csr"))));
    assertEquals(0, csr.exitCode(), csr.all());
    PKCS10CertificationRequest request = readCsr(tmp.resolve("web-rsa.csr"));
    // the request was signed in the HSM with the key whose public half it carries
    PublicKey requested = new JcaPKCS10CertificationRequest(request).getPublicKey();
    assertTrue(
        request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(requested)),
        "CSR signature");
    assertEquals(
        new X500Principal("CN=localhost, O=Selene keytool test"),
        new X500Principal(request.getSubject().getEncoded()));

    TestCa ca = TestCa.create("Selene Test CA");
    X509Certificate issued = ca.issue(request.getSubject(), requested);
    Path caFile = tmp.resolve("ca.pem");
    Files.writeString(caFile, TestCa.pem(List.of(ca.certificate())), StandardCharsets.US_ASCII);
    Path reply = tmp.resolve("reply.pem");
    Files.writeString(
        reply, TestCa.pem(List.of(issued, ca.certificate())), StandardCharsets.US_ASCII);

    Keytool.Run trustCa =
        keytool.run(
            30,
            store(
                descriptor,
                byClass(
                    List.of(
                        "-importcert",
                        "-alias",
                        "test-ca",
                        "-file",
                        caFile.toString(),
                        "-noprompt"))));
    assertEquals(0, trustCa.exitCode(), trustCa.all());
    Keytool.Run importReply =
        keytool.run(
            30,
            store(
                descriptor,
                byClass(
                    List.of(
                        "-importcert",
                        "-alias",
                        "web-rsa",
                        "-file",
                        reply.toString(),
                        "-noprompt"))));
    assertEquals(0, importReply.exitCode(), importReply.all());
    assertTrue(
        importReply.all().contains("Certificate reply was installed in keystore"),
        importReply.all());

    Keytool.Run list =
        keytool.run(30, store(descriptor, byClass(List.of("-list", "-v", "-alias", "web-rsa"))));
    assertEquals(0, list.exitCode(), list.all());
    assertTrue(list.stdout().contains("Entry type: PrivateKeyEntry"), list.all());
    assertTrue(list.stdout().contains("Certificate chain length: 2"), list.all());

    Keytool.Run export =
        keytool.run(
            30,
            store(
                descriptor,
                byClass(
                    List.of("-exportcert", "-alias", "web-rsa", "-rfc", "-file", "web-rsa.pem"))));
    assertEquals(0, export.exitCode(), export.all());
    X509Certificate exported = readCertificates(tmp.resolve("web-rsa.pem")).get(0);
    assertEquals(issued, exported);

    // what keytool left in the partition: one key pair, its chain and the CA, all labelled
    try (DeviceManager devices = DeviceManager.open(ClientConfig.parse(device.conf), device.home)) {
      Slot slot = devices.slot(DurablePartition.PARTITION_SLOT);
      long s = slot.openSession(9, false);
      slot.login(s, Role.CRYPTO_OFFICER, PIN.toCharArray());
      assertEquals(1, find(slot, s, "web-rsa", Cko.PRIVATE_KEY).size());
      assertEquals(1, find(slot, s, "web-rsa", Cko.PUBLIC_KEY).size());
      List<Long> certs = find(slot, s, "web-rsa", Cko.CERTIFICATE);
      assertEquals(2, certs.size(), "leaf and CA certificate under the entry's label");
      long key = find(slot, s, "web-rsa", Cko.PRIVATE_KEY).get(0);
      byte[] keyId = slot.getAttribute(s, key, Cka.ID);
      for (long cert : certs) {
        assertArrayEquals(keyId, slot.getAttribute(s, cert, Cka.ID), "chain shares CKA_ID");
        assertTrue(slot.getAttributes(s, cert).bool(Cka.TOKEN, false));
      }
      assertEquals(1, find(slot, s, "test-ca", Cko.CERTIFICATE).size());
      // sensitive and never extractable: the CSR signature above could only come from the HSM
      Attributes keyAttributes = slot.getAttributes(s, key);
      assertTrue(keyAttributes.bool(Cka.SENSITIVE, false), "key stays sensitive");
      assertFalse(keyAttributes.bool(Cka.EXTRACTABLE, true), "key is not extractable");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void ecKeyByServiceLoaderListedExportedAndDeleted() throws Exception {
    DurablePartition device = DurablePartition.create(tmp);
    Keytool keytool = new Keytool(tmp, device.environment());
    Path descriptor = descriptor();

    Keytool.Run gen =
        keytool.run(
            30,
            store(
                descriptor,
                byServiceLoader(
                    List.of(
                        "-genkeypair",
                        "-alias",
                        "web-ec",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-sigalg",
                        "SHA256withECDSA",
                        "-dname",
                        "CN=localhost",
                        "-validity",
                        "30"))));
    assertEquals(0, gen.exitCode(), gen.all());
    Keytool.Run genRsa =
        keytool.run(
            30,
            store(
                descriptor,
                byClass(
                    List.of(
                        "-genkeypair",
                        "-alias",
                        "other-rsa",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=other"))));
    assertEquals(0, genRsa.exitCode(), genRsa.all());

    Keytool.Run list = keytool.run(30, store(descriptor, byServiceLoader(List.of("-list"))));
    assertEquals(0, list.exitCode(), list.all());
    assertTrue(
        list.stdout().toLowerCase(java.util.Locale.ROOT).contains("keystore type: selene"),
        list.all());
    assertTrue(list.stdout().contains("Your keystore contains 2 entries"), list.all());
    assertTrue(
        list.stdout()
            .lines()
            .anyMatch(l -> l.startsWith("web-ec,") && l.contains("PrivateKeyEntry")),
        list.all());

    Keytool.Run export =
        keytool.run(
            30,
            store(
                descriptor,
                byServiceLoader(
                    List.of("-exportcert", "-alias", "web-ec", "-file", "web-ec.der"))));
    assertEquals(0, export.exitCode(), export.all());
    X509Certificate cert = readCertificates(tmp.resolve("web-ec.der")).get(0);
    assertEquals("EC", cert.getPublicKey().getAlgorithm());
    assertEquals("SHA256withECDSA", cert.getSigAlgName());
    cert.verify(cert.getPublicKey()); // self-signed inside the HSM with the EC key

    Keytool.Run delete =
        keytool.run(30, store(descriptor, byServiceLoader(List.of("-delete", "-alias", "web-ec"))));
    assertEquals(0, delete.exitCode(), delete.all());
    Keytool.Run after = keytool.run(30, store(descriptor, byServiceLoader(List.of("-list"))));
    assertEquals(0, after.exitCode(), after.all());
    assertTrue(after.stdout().contains("Your keystore contains 1 entry"), after.all());
    assertFalse(after.stdout().contains("web-ec"), after.all());

    Keytool.Run wrongPin =
        keytool.run(
            30,
            byServiceLoader(
                List.of(
                    "-list",
                    "-storetype",
                    "Selene",
                    "-keystore",
                    descriptor.toString(),
                    "-storepass",
                    "not-the-pin")));
    assertTrue(wrongPin.exitCode() != 0, wrongPin.all());
    assertTrue(wrongPin.all().contains("CKR_PIN_INCORRECT"), wrongPin.all());
  }

  // ---- helpers

  private Path descriptor() throws IOException {
    Path descriptor = tmp.resolve("partition.txt");
    Files.writeString(
        descriptor, "slot:" + DurablePartition.PARTITION_SLOT + "\n", StandardCharsets.US_ASCII);
    return descriptor;
  }

  /** The keystore options every run shares. */
  private static List<String> store(Path descriptor, List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(
        List.of(
            "-storetype",
            "Selene",
            "-keystore",
            descriptor.toString(),
            "-storepass",
            PIN,
            "-keypass",
            PIN));
    return all;
  }

  /** The provider loaded by class name from the shaded jar, and named for the keystore. */
  private static List<String> byClass(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(
        List.of(
            "-providername",
            "Selene",
            "-providerclass",
            "io.selenehsm.provider.SeleneProvider",
            "-providerpath",
            fatJar().toString()));
    return all;
  }

  /**
   * The provider found by name through ServiceLoader in the shaded jar. JDK 17's keytool looks
   * {@code -addprovider} names up with the system class loader only ({@code -providerpath} serves
   * {@code -providerclass}), so the jar also goes on keytool's own class path.
   */
  private static List<String> byServiceLoader(List<String> args) {
    List<String> all = new ArrayList<>(List.of("-J-cp", "-J" + fatJar()));
    all.addAll(args);
    all.addAll(List.of("-addprovider", "Selene", "-providerpath", fatJar().toString()));
    return all;
  }

  /** The shaded jar the package phase made (failsafe runs after package, in this module). */
  static Path fatJar() {
    Path target = Path.of("target").toAbsolutePath();
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(target, "selene-provider-*-all.jar")) {
      for (Path jar : jars) {
        return jar;
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + target, e);
    }
    throw new IllegalStateException(
        "no selene-provider-*-all.jar in "
            + target
            + "; run the *IT tests through failsafe (mvn verify), after the package phase");
  }

  private static List<Long> find(Slot slot, long s, String label, long cls) throws Exception {
    return slot.findObjects(
        s, Attributes.builder().set(Cka.CLASS, cls).set(Cka.LABEL, label).build());
  }

  private static PKCS10CertificationRequest readCsr(Path file) throws IOException {
    try (PemReader reader =
        new PemReader(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
      return new PKCS10CertificationRequest(reader.readPemObject().getContent());
    }
  }

  private static List<X509Certificate> readCertificates(Path file) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    Collection<? extends java.security.cert.Certificate> certs =
        cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
    return certs.stream().map(c -> (X509Certificate) c).toList();
  }
}
