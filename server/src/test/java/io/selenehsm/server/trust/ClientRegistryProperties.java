package io.selenehsm.server.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Any sequence of registry edits, applied to the registry and to a plain map, leaves the same
 * clients; a registry opened afresh on the directory lists the same, and a refused edit changes
 * nothing.
 */
class ClientRegistryProperties {
  private static final List<String> NAMES = List.of("web01", "app02", "db03");
  private static final List<String> SERIALS = List.of("1001", "1002", "2001");
  private static final Map<String, X509Certificate> CERTS = new TreeMap<>();

  static {
    try {
      for (String n : NAMES) {
        CERTS.put(
            n,
            SelfSignedIdentity.generate(n, List.of(), SelfSignedIdentity.Purpose.CLIENT)
                .certificate());
      }
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path dir;

  @BeforeProperty
  void makeDir() throws Exception {
    dir = Files.createTempDirectory("registry-property");
  }

  @AfterProperty
  void removeDir() throws Exception {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  enum Kind {
    REGISTER,
    DELETE,
    ASSIGN,
    REVOKE
  }

  record Op(Kind kind, String name, String serial) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(
            Arbitraries.of(Kind.class), Arbitraries.of(NAMES), Arbitraries.of(SERIALS))
        .as(Op::new)
        .list()
        .ofMaxSize(25);
  }

  @Property(tries = 60)
  void theRegistryAgreesWithAModelAfterReopening(@ForAll("ops") List<Op> ops) throws Exception {
    Path serverDir = Files.createTempDirectory(dir, "server");
    ClientRegistry registry = ClientRegistry.open(serverDir);
    Map<String, Set<String>> model = new TreeMap<>();
    for (Op op : ops) {
      boolean modelAccepts = applyToModel(model, op);
      boolean registryAccepts = applyToRegistry(registry, op);
      assertEquals(modelAccepts, registryAccepts, op.toString());
    }
    List<RegisteredClient> expected = new ArrayList<>();
    model.forEach(
        (name, partitions) ->
            expected.add(
                new RegisteredClient(
                    name,
                    name + ".example.test",
                    Fingerprints.sha256(CERTS.get(name)),
                    partitions)));
    assertEquals(expected, registry.list());
    assertEquals(expected, ClientRegistry.open(serverDir).list());
  }

  private static boolean applyToModel(Map<String, Set<String>> model, Op op) {
    Set<String> partitions = model.get(op.name());
    return switch (op.kind()) {
      case REGISTER -> model.putIfAbsent(op.name(), new TreeSet<>()) == null;
      case DELETE -> model.remove(op.name()) != null;
      case ASSIGN -> partitions != null && partitions.add(op.serial());
      case REVOKE -> partitions != null && partitions.remove(op.serial());
    };
  }

  private static boolean applyToRegistry(ClientRegistry r, Op op) throws Exception {
    try {
      switch (op.kind()) {
        case REGISTER -> r.register(op.name(), op.name() + ".example.test", CERTS.get(op.name()));
        case DELETE -> r.delete(op.name());
        case ASSIGN -> r.assignPartition(op.name(), op.serial());
        case REVOKE -> r.revokePartition(op.name(), op.serial());
      }
      return true;
    } catch (ClientRegistryException refused) {
      return false;
    }
  }
}
