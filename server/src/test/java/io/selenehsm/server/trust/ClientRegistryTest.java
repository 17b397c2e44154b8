package io.selenehsm.server.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.server.trust.ClientRegistryException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientRegistryTest {
  @TempDir Path serverDir;

  private static X509Certificate cert(String name) throws Exception {
    return SelfSignedIdentity.generate(name, List.of(), SelfSignedIdentity.Purpose.CLIENT)
        .certificate();
  }

  private static Reason refusal(ThrowingAction a) {
    return assertThrows(ClientRegistryException.class, a::run).reason();
  }

  @FunctionalInterface
  private interface ThrowingAction {
    void run() throws Exception;
  }

  @Test
  void registerAssignRevokeDeleteAndLookUp() throws Exception {
    ClientRegistry r = ClientRegistry.open(serverDir);
    X509Certificate web = cert("web01");
    X509Certificate app = cert("app02");

    r.register("web01", "web01.example.test", web);
    r.register("app02", "10.0.0.2", app);
    r.assignPartition("web01", "1234567001");
    RegisteredClient after = r.assignPartition("web01", "1234567002");
    r.revokePartition("web01", "1234567001");

    assertEquals(Set.of("1234567001", "1234567002"), after.partitions());
    assertEquals(List.of("app02", "web01"), r.list().stream().map(RegisteredClient::name).toList());
    RegisteredClient w = r.byName("WEB01").orElseThrow();
    assertEquals(
        new RegisteredClient(
            "web01", "web01.example.test", Fingerprints.sha256(web), Set.of("1234567002")),
        w);
    assertEquals(Optional.of(w), r.byCertificate(web));
    assertEquals(Optional.of(web), r.certificate("web01"));
    assertTrue(w.isAssigned("1234567002"));
    assertFalse(w.isAssigned("1234567001"));

    r.delete("web01");
    assertEquals(Optional.empty(), r.byCertificate(web));
    assertEquals(List.of("app02"), r.list().stream().map(RegisteredClient::name).toList());
  }

  @Test
  void refusalsSayWhatWasWrongAndChangeNothing() throws Exception {
    ClientRegistry r = ClientRegistry.open(serverDir);
    X509Certificate web = cert("web01");
    r.register("web01", "web01", web);
    r.assignPartition("web01", "1001");
    byte[] before = Files.readAllBytes(r.file());

    assertEquals(Reason.DUPLICATE_NAME, refusal(() -> r.register("Web01", "h", cert("x"))));
    ClientRegistryException dupCert =
        assertThrows(ClientRegistryException.class, () -> r.register("other", "h", web));
    assertEquals(Reason.DUPLICATE_CERTIFICATE, dupCert.reason());
    assertTrue(dupCert.getMessage().contains("web01"), dupCert.getMessage());
    assertEquals(Reason.UNKNOWN_CLIENT, refusal(() -> r.delete("nobody")));
    assertEquals(Reason.UNKNOWN_CLIENT, refusal(() -> r.assignPartition("nobody", "1001")));
    assertEquals(Reason.UNKNOWN_CLIENT, refusal(() -> r.revokePartition("nobody", "1001")));
    assertEquals(Reason.ALREADY_ASSIGNED, refusal(() -> r.assignPartition("web01", "1001")));
    assertEquals(Reason.NOT_ASSIGNED, refusal(() -> r.revokePartition("web01", "2002")));
    assertEquals(Reason.INVALID_VALUE, refusal(() -> r.register("two words", "h", cert("y"))));
    assertEquals(Reason.INVALID_VALUE, refusal(() -> r.register("z", "bad host;", cert("z"))));
    assertEquals(Reason.INVALID_VALUE, refusal(() -> r.assignPartition("web01", "10 01")));

    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(r.file())));
  }

  @Test
  void survivesReopenAndIsPrivateToItsOwner() throws Exception {
    ClientRegistry r = ClientRegistry.open(serverDir);
    r.register("web01", "web01", cert("web01"));
    r.assignPartition("web01", "1001");

    ClientRegistry reopened = ClientRegistry.open(serverDir);

    assertEquals(r.list(), reopened.list());
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(r.file())));
  }

  @Test
  void aTemporaryFileLeftByACrashedWriterIsIgnoredAndRemovedByTheNextWriter() throws Exception {
    ClientRegistry r = ClientRegistry.open(serverDir);
    r.register("web01", "web01", cert("web01"));
    List<RegisteredClient> committed = r.list();
    // A writer died after writing half of its temporary file and before the rename.
    Path leftover = serverDir.resolve("." + ClientRegistry.FILE_NAME + "12345.tmp");
    byte[] full = Files.readAllBytes(r.file());
    Files.write(leftover, java.util.Arrays.copyOf(full, full.length / 2));

    assertEquals(committed, ClientRegistry.open(serverDir).list());

    r.register("app02", "app02", cert("app02"));
    assertFalse(Files.exists(leftover));
    assertEquals(2, ClientRegistry.open(serverDir).list().size());
  }

  @Test
  void aDamagedRegistryFailsClosedNamingTheLine() throws Exception {
    ClientRegistry r = ClientRegistry.open(serverDir);
    X509Certificate web = cert("web01");
    r.register("web01", "web01", web);
    String text = Files.readString(r.file());
    Files.writeString(r.file(), text.replace("hostname web01", "hostnme web01"));

    IOException e = assertThrows(IOException.class, () -> r.byCertificate(web));
    assertTrue(e.getMessage().contains("line"), e.getMessage());
    assertThrows(
        java.security.cert.CertificateException.class,
        () -> new RegistryTrustManager(r).checkClientTrusted(new X509Certificate[] {web}, "EC"));
  }

  @Test
  void aChangeByAnotherInstanceIsSeenAtTheNextLookUp() throws Exception {
    ClientRegistry server = ClientRegistry.open(serverDir);
    ClientRegistry shell = ClientRegistry.open(serverDir);
    X509Certificate web = cert("web01");

    assertEquals(Optional.empty(), server.byCertificate(web));
    shell.register("web01", "web01", web);
    assertTrue(server.byCertificate(web).isPresent());
    shell.assignPartition("web01", "1001");
    assertEquals(Set.of("1001"), server.byCertificate(web).orElseThrow().partitions());
    shell.delete("web01");
    assertEquals(Optional.empty(), server.byCertificate(web));
  }

  @Test
  void concurrentWritersThroughSeparateInstancesLoseNoEdit() throws Exception {
    int writers = 4;
    int each = 5;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        done.add(
            pool.submit(
                () -> {
                  ClientRegistry mine = ClientRegistry.open(serverDir);
                  for (int i = 0; i < each; i++) {
                    mine.register("c" + id + "-" + i, "h", cert("c" + id + "-" + i));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(writers * each, ClientRegistry.open(serverDir).list().size());
  }
}
