package io.selenehsm.server.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIdentityTest {
  @TempDir Path home;

  private Path serverDir() {
    return ServerIdentity.serverDir(home);
  }

  @Test
  void theServerDirectoryIsNamedOnceUnderSeleneHome() {
    assertEquals(home.resolve("server"), ServerIdentity.serverDir(home));
  }

  @Test
  void createdAtFirstStartAndReloadedLater() throws Exception {
    ServerIdentity first = ServerIdentity.loadOrCreate(serverDir(), "hsm1.example.test");
    ServerIdentity again = ServerIdentity.loadOrCreate(serverDir(), "another-name");

    assertTrue(first.createdNow());
    assertFalse(again.createdNow());
    assertEquals(first.fingerprint(), again.fingerprint());
    assertEquals(first.certificate(), again.certificate());
    assertEquals(serverDir().resolve("server-cert.pem"), again.certificateFile());
    assertEquals(
        List.of(first.fingerprint()),
        List.of(Fingerprints.sha256(Pem.readCertificate(again.certificateFile()))));
  }

  @Test
  void filesCarryTheirPermissions() throws Exception {
    ServerIdentity.loadOrCreate(serverDir(), "hsm1");

    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(serverDir().resolve("server-key.pem"))));
    assertEquals(
        "rw-r--r--",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(serverDir().resolve("server-cert.pem"))));
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(serverDir())));
    assertTrue(
        Files.readString(serverDir().resolve("server-key.pem"))
            .startsWith("-----BEGIN PRIVATE KEY"));
  }

  @Test
  void theCertificateNamesTheHostLocalhostAndBothLoopbackAddresses() throws Exception {
    X509Certificate cert =
        ServerIdentity.loadOrCreate(serverDir(), "hsm1.example.test").certificate();

    Set<String> names = new HashSet<>();
    for (List<?> san : cert.getSubjectAlternativeNames()) {
      names.add(san.get(0) + "=" + san.get(1));
    }
    assertTrue(names.contains("2=hsm1.example.test"), names.toString());
    assertTrue(names.contains("2=localhost"), names.toString());
    assertTrue(names.contains("7=127.0.0.1"), names.toString());
    assertTrue(
        names.stream().anyMatch(n -> n.matches("7=0:0:0:0:0:0:0:1|7=::1")), names.toString());
    assertEquals("EC", cert.getPublicKey().getAlgorithm());
    assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"));
  }

  @Test
  void theFingerprintIsSha256OfTheDerInUpperCaseHexPairs() throws Exception {
    ServerIdentity id = ServerIdentity.loadOrCreate(serverDir(), "hsm1");

    assertTrue(id.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), id.fingerprint());
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256").digest(id.certificate().getEncoded());
    assertEquals(
        java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest), id.fingerprint());
  }

  @Test
  void aKeyLeftWithoutItsCertificateIsAnUnfinishedFirstStartAndIsReplaced() throws Exception {
    ServerIdentity old = ServerIdentity.loadOrCreate(serverDir(), "hsm1");
    Files.delete(old.certificateFile());

    ServerIdentity fresh = ServerIdentity.loadOrCreate(serverDir(), "hsm1");

    assertTrue(fresh.createdNow());
    assertFalse(fresh.fingerprint().equals(old.fingerprint()));
  }

  @Test
  void aCertificateWithoutItsKeyIsRefusedRatherThanReplaced() throws Exception {
    ServerIdentity old = ServerIdentity.loadOrCreate(serverDir(), "hsm1");
    Files.delete(serverDir().resolve("server-key.pem"));

    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class, () -> ServerIdentity.loadOrCreate(serverDir(), "hsm1"));

    assertTrue(e.getMessage().contains("server-key.pem"), e.getMessage());
    assertEquals(old.certificate(), Pem.readCertificate(old.certificateFile()));
  }

  @Test
  void aKeyOthersCanReadIsRefused() throws Exception {
    ServerIdentity.loadOrCreate(serverDir(), "hsm1");
    Path key = serverDir().resolve("server-key.pem");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class, () -> ServerIdentity.loadOrCreate(serverDir(), "hsm1"));

    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    ServerIdentity.loadOrCreate(serverDir(), "hsm1");
    Path otherDir = home.resolve("other");
    ServerIdentity.loadOrCreate(otherDir, "hsm2");
    Files.copy(
        otherDir.resolve("server-key.pem"),
        serverDir().resolve("server-key.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class, () -> ServerIdentity.loadOrCreate(serverDir(), "hsm1"));

    assertTrue(e.getMessage().contains("does not hold the private key"), e.getMessage());
  }

  @Test
  void aClientIdentityIsMadeByTheSameCodeForTheClientPurpose() throws Exception {
    Path cert = home.resolve("cert/client/web01Cert.pem");
    Path key = home.resolve("cert/client/web01Key.pem");

    ClientIdentity created = ClientIdentity.create("web01", cert, key);
    ClientIdentity loaded = ClientIdentity.load(cert, key);

    assertEquals(created.fingerprint(), loaded.fingerprint());
    assertTrue(created.certificate().getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"));
    assertTrue(created.certificate().getSubjectX500Principal().getName().contains("CN=web01"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertThrows(
        IllegalArgumentException.class,
        () -> ClientIdentity.create("bad name", home.resolve("c.pem"), home.resolve("k.pem")));
  }

  @Test
  void unreadableFilesAreNamedInTheError() throws Exception {
    Path notPem = Files.writeString(home.resolve("junk.pem"), "not a certificate");

    var e = assertThrows(GeneralSecurityException.class, () -> Pem.readCertificate(notPem));
    assertTrue(e.getMessage().contains("junk.pem"), e.getMessage());
    var k = assertThrows(GeneralSecurityException.class, () -> Pem.readPrivateKey(notPem));
    assertTrue(k.getMessage().contains("junk.pem"), k.getMessage());
  }
}
