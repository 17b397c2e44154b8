package io.selenehsm.provider.sks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.provider.testing.TestCa;
import io.selenehsm.sks.BlobEntry;
import io.selenehsm.sks.EmbeddedBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * keytool and jarsigner, as real processes, with keys in an SKS keystore: generated inside a
 * durable V1 partition (SELENE_CONF/SELENE_HOME in a temporary folder), sealed into the embedded
 * blob store, inserted again for every signature. The provider comes from the shaded jar, by class
 * name ({@code -providerclass}) or by ServiceLoader ({@code -addprovider}).
 */
class SksKeytoolIT {
  private static final String PIN = SksFixture.CO_PIN;

  @TempDir Path tmp;

  /** A durable USB HSM 7 with a V1 partition in slot 0, initialised and closed again. */
  private Map<String, String> durableDevice() throws Exception {
    Path conf = tmp.resolve("selene.conf");
    Files.writeString(
        conf,
        "Devices = {\n  Device00 = usb, 1234567, factory=zeroized;\n}\n",
        StandardCharsets.UTF_8);
    Path home = tmp.resolve("selene-home");
    try (DeviceManager devices = DeviceManager.open(ClientConfig.parse(conf), home)) {
      SksFixture.provision(devices, 1);
    }
    return Map.of("SELENE_CONF", conf.toString(), "SELENE_HOME", home.toString());
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void rsaKeyLifecycleThroughKeytoolOnANewKeystoreFile() throws Exception {
    Map<String, String> env = durableDevice();
    JdkTool keytool = new JdkTool("keytool", tmp, env);
    Path keystore = tmp.resolve("app.sks"); // does not exist yet: load(null, pin)

    JdkTool.Run gen =
        keytool.run(
            byClass(
                keystore,
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
                "CN=localhost, O=Selene SKS test",
                "-validity",
                "30"));
    assertEquals(0, gen.exitCode(), gen.all());
    // store() wrote only the descriptor, naming the default store under SELENE_HOME
    String descriptor = Files.readString(keystore, StandardCharsets.UTF_8);
    Path defaultStore = Path.of(env.get("SELENE_HOME")).resolve("sks");
    assertTrue(
        descriptor.startsWith("slot:0\nusertype:CKU_CRYPTO_OFFICER\nstore:" + defaultStore),
        descriptor);
    assertTrue(Files.size(keystore) < 512, "the keystore file is the descriptor only");

    JdkTool.Run list = keytool.run(byClass(keystore, "-list", "-v"));
    assertEquals(0, list.exitCode(), list.all());
    assertTrue(list.stdout().contains("Keystore type: SKS"), list.all());
    assertTrue(list.stdout().contains("Entry type: PrivateKeyEntry"), list.all());

    JdkTool.Run csr =
        keytool.run(
            byClass(
                keystore,
                "-certreq",
                "-alias",
                "web-rsa",
                "-sigalg",
                "SHA256withRSA",
                "-file",
                "web-rsa.csr"));
    assertEquals(0, csr.exitCode(), csr.all());
    PKCS10CertificationRequest request = readCsr(tmp.resolve("web-rsa.csr"));
    PublicKey requested = new JcaPKCS10CertificationRequest(request).getPublicKey();
    assertTrue(
        request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(requested)),
        "CSR signed in the HSM by the inserted key");
    assertEquals(
        new X500Principal("CN=localhost, O=Selene SKS test"),
        new X500Principal(request.getSubject().getEncoded()));

    TestCa ca = TestCa.create("Selene SKS Test CA");
    X509Certificate issued = ca.issue(request.getSubject(), requested);
    Path reply = tmp.resolve("reply.pem");
    Files.writeString(
        reply, TestCa.pem(List.of(issued, ca.certificate())), StandardCharsets.US_ASCII);
    JdkTool.Run importReply =
        keytool.run(
            byClass(
                keystore,
                "-importcert",
                "-alias",
                "web-rsa",
                "-file",
                reply.toString(),
                "-noprompt"));
    assertEquals(0, importReply.exitCode(), importReply.all());
    assertTrue(
        importReply.all().contains("Certificate reply was installed in keystore"),
        importReply.all());

    JdkTool.Run chain = keytool.run(byClass(keystore, "-list", "-v", "-alias", "web-rsa"));
    assertEquals(0, chain.exitCode(), chain.all());
    assertTrue(chain.stdout().contains("Certificate chain length: 2"), chain.all());

    JdkTool.Run export =
        keytool.run(
            byClass(keystore, "-exportcert", "-alias", "web-rsa", "-rfc", "-file", "web-rsa.pem"));
    assertEquals(0, export.exitCode(), export.all());
    assertEquals(issued, readCertificates(tmp.resolve("web-rsa.pem")).get(0));

    JdkTool.Run rename =
        keytool.run(byClass(keystore, "-changealias", "-alias", "web-rsa", "-destalias", "web"));
    assertEquals(0, rename.exitCode(), rename.all());
    JdkTool.Run afterRename = keytool.run(byClass(keystore, "-list"));
    assertTrue(afterRename.stdout().contains("Your keystore contains 1 entry"), afterRename.all());
    assertTrue(afterRename.stdout().lines().anyMatch(l -> l.startsWith("web,")), afterRename.all());
    JdkTool.Run csrAgain =
        keytool.run(byClass(keystore, "-certreq", "-alias", "web", "-file", "web.csr"));
    assertEquals(0, csrAgain.exitCode(), csrAgain.all());
    assertEquals(
        requested,
        new JcaPKCS10CertificationRequest(readCsr(tmp.resolve("web.csr"))).getPublicKey(),
        "the renamed entry holds the same key");

    JdkTool.Run delete = keytool.run(byClass(keystore, "-delete", "-alias", "web"));
    assertEquals(0, delete.exitCode(), delete.all());
    JdkTool.Run empty = keytool.run(byClass(keystore, "-list"));
    assertEquals(0, empty.exitCode(), empty.all());
    assertTrue(empty.stdout().contains("Your keystore contains 0 entries"), empty.all());

    JdkTool.Run wrongPin =
        keytool.run(
            List.of(
                "-list",
                "-storetype",
                "SKS",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "not-the-pin",
                "-providername",
                "Selene",
                "-providerclass",
                "io.selenehsm.provider.SeleneProvider",
                "-providerpath",
                JdkTool.fatJar().toString()));
    assertTrue(wrongPin.exitCode() != 0, wrongPin.all());
    assertTrue(wrongPin.all().contains("CKR_PIN_INCORRECT"), wrongPin.all());
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void ecKeyByServiceLoaderSignsAJarWithJarsigner() throws Exception {
    Map<String, String> env = durableDevice();
    JdkTool keytool = new JdkTool("keytool", tmp, env);
    Path store = tmp.resolve("blobs").resolve("signing.mv");
    Path keystore = tmp.resolve("signing.sks");
    Files.writeString(keystore, "slot:0\nstore:" + store + "\n", StandardCharsets.UTF_8);

    JdkTool.Run gen =
        keytool.run(
            byServiceLoader(
                keystore,
                "-genkeypair",
                "-alias",
                "signer",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-sigalg",
                "SHA256withECDSA",
                "-dname",
                "CN=Selene code signing",
                "-validity",
                "30"));
    assertEquals(0, gen.exitCode(), gen.all());
    JdkTool.Run list = keytool.run(byServiceLoader(keystore, "-list"));
    assertEquals(0, list.exitCode(), list.all());
    assertTrue(
        list.stdout()
            .lines()
            .anyMatch(l -> l.startsWith("signer,") && l.contains("PrivateKeyEntry")),
        list.all());

    Path jar = tmp.resolve("app.jar");
    writeJar(jar);
    JdkTool jarsigner = new JdkTool("jarsigner", tmp, env);
    // jarsigner has no -providerPath: the provider jar goes on its class path
    JdkTool.Run sign =
        jarsigner.run(
            List.of(
                "-J-cp",
                "-J" + JdkTool.fatJar(),
                "-keystore",
                keystore.toString(),
                "-storetype",
                "SKS",
                "-storepass",
                PIN,
                "-providerName",
                "Selene",
                "-providerClass",
                "io.selenehsm.provider.SeleneProvider",
                "-sigalg",
                "SHA256withECDSA",
                jar.toString(),
                "signer"));
    assertEquals(0, sign.exitCode(), sign.all());
    assertTrue(sign.stdout().contains("jar signed."), sign.all());

    JdkTool.Run verify = jarsigner.run(List.of("-verify", "-verbose", "-certs", jar.toString()));
    assertEquals(0, verify.exitCode(), verify.all());
    assertTrue(verify.stdout().contains("jar verified."), verify.all());
    assertTrue(verify.stdout().contains("CN=Selene code signing"), verify.all());
    try (JarFile signed = new JarFile(jar.toFile())) {
      assertTrue(signed.getEntry("META-INF/SIGNER.EC") != null, "EC signature block present");
    }

    // the store holds the sealed key and its certificate, and nothing in clear but those
    try (EmbeddedBlobStore blobs = EmbeddedBlobStore.open(store)) {
      BlobEntry e = blobs.get("signer").orElseThrow();
      assertEquals("EC", e.algorithm());
      assertEquals(12, e.ouid().length);
      assertEquals(1, e.certificateChain().size());
      assertFalse(e.blob().length == 0);
    }
  }

  // ---- helpers

  private static List<String> keystoreArgs(Path keystore) {
    return List.of(
        "-storetype", "SKS", "-keystore", keystore.toString(), "-storepass", PIN, "-keypass", PIN);
  }

  private static List<String> byClass(Path keystore, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(keystoreArgs(keystore));
    all.addAll(
        List.of(
            "-providername",
            "Selene",
            "-providerclass",
            "io.selenehsm.provider.SeleneProvider",
            "-providerpath",
            JdkTool.fatJar().toString()));
    return all;
  }

  /** JDK 17's keytool finds -addprovider names with the system class loader: jar on -J-cp. */
  private static List<String> byServiceLoader(Path keystore, String... args) {
    List<String> all = new ArrayList<>(List.of("-J-cp", "-J" + JdkTool.fatJar()));
    all.addAll(List.of(args));
    all.addAll(keystoreArgs(keystore));
    all.addAll(List.of("-addprovider", "Selene", "-providerpath", JdkTool.fatJar().toString()));
    return all;
  }

  private static void writeJar(Path jar) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, m)) {
      out.putNextEntry(new JarEntry("hello/Hello.txt"));
      out.write("signed by a key sealed in an SKS blob\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }

  private static PKCS10CertificationRequest readCsr(Path file) throws IOException {
    try (PemReader reader =
        new PemReader(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
      return new PKCS10CertificationRequest(reader.readPemObject().getContent());
    }
  }

  private static List<X509Certificate> readCertificates(Path file) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    return cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file))).stream()
        .map(c -> (X509Certificate) c)
        .toList();
  }
}
