package io.selenehsm.firmware;

import static io.selenehsm.firmware.EngineFixtures.APP;
import static io.selenehsm.firmware.EngineFixtures.CO_PIN;
import static io.selenehsm.firmware.EngineFixtures.pin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.store.MasterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy of a live state directory, taken by an attacker who has no role secret and no master key,
 * yields no key byte: a separate process ({@link AtRestAttacker}) greps the copy and tries the
 * engine and the store on it. With the right secrets the copy opens.
 */
class AtRestSecrecyTest {
  private static final byte[] KEY =
      HexFormat.of().parseHex("5e1e4e5e1e4e5e1e4e5e1e4e5e1e4e5e0123456789abcdeffedcba9876543210");
  private static final byte[] SECRET_DATA =
      "the private data object's value".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PLAIN = "at rest".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  /** What the live device holds that an attacker wants. */
  private record Live(Hsm hsm, Path dir, byte[] smk, byte[] coVerifier, byte[] auditSecrets) {
    Map<String, byte[]> needles() {
      return Map.of(
          "key",
          KEY,
          "data",
          SECRET_DATA,
          "smk",
          smk,
          "verifier",
          coVerifier,
          "audit",
          auditSecrets);
    }
  }

  @Test
  void withAMasterKeyACopyYieldsNothingAndOpensOnlyWithMasterKeyAndRoleSecret() throws Exception {
    MasterKey master = masterKey();
    Live live = live(EngineFixtures.durableOptions(tmp.resolve("live")).withMasterKey(master));
    Path copy = copyOf(live.dir(), tmp.resolve("copy"));
    Path pristine = copyOf(live.dir(), tmp.resolve("pristine"));

    List<String> report = attack(copy, live.needles());
    assertEquals(List.of(), hits(report), "the copy must give away none of " + report);
    assertTrue(
        report.stream()
            .anyMatch(l -> l.startsWith("ENGINE refused") && l.contains(MasterKey.ENV_VAR)),
        "the engine names the missing master key: " + report);
    assertTrue(report.stream().anyMatch(l -> l.startsWith("STORE refused")), report.toString());

    try (Hsm opened = Hsm.open(EngineFixtures.durableOptions(pristine).withMasterKey(master))) {
      assertOpensWithCoPassword(opened, live.smk());
    }
    live.hsm().close();
  }

  @Test
  void withTheZeroSetupKekACopyStillYieldsNoKeyMaterial() throws Exception {
    Live live = live(EngineFixtures.durableOptions(tmp.resolve("live")));
    Path copy = copyOf(live.dir(), tmp.resolve("copy"));
    Path pristine = copyOf(live.dir(), tmp.resolve("pristine"));

    List<String> report = attack(copy, Map.of("key", KEY, "data", SECRET_DATA, "smk", live.smk()));
    assertEquals(List.of(), hits(report), "key material must stay sealed: " + report);
    assertTrue(
        report.contains("ENGINE opened 0"), "without a login no object is visible: " + report);
    assertTrue(report.contains("STORE opened"), "the KEK is in the directory: " + report);

    try (Hsm opened = Hsm.open(EngineFixtures.durableOptions(pristine))) {
      assertOpensWithCoPassword(opened, live.smk());
    }
    live.hsm().close();
  }

  @Test
  void aWrongRolePasswordOpensNothing() throws Exception {
    Live live = live(EngineFixtures.durableOptions(tmp.resolve("live")));
    Path copy = copyOf(live.dir(), tmp.resolve("copy"));
    live.hsm().close();
    try (Hsm opened = Hsm.open(EngineFixtures.durableOptions(copy))) {
      long s = opened.openSession(1, APP, true);
      HsmException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              HsmException.class, () -> opened.login(s, Role.CRYPTO_OFFICER, pin("guess-1234")));
      assertEquals(Ckr.PIN_INCORRECT, e.returnCode());
      assertEquals(List.of(), opened.findObjects(s, Attributes.empty()));
      assertTrue(opened.partition(1).pok == null, "a wrong secret does not activate");
    }
  }

  private static void assertOpensWithCoPassword(Hsm hsm, byte[] smk) throws Exception {
    long s = hsm.openSession(1, APP, true);
    assertEquals(List.of(), hsm.findObjects(s, Attributes.empty()), "nothing before login");
    hsm.login(s, Role.CRYPTO_OFFICER, pin(CO_PIN));
    long key =
        hsm.findObjects(s, Attributes.builder().set(Cka.LABEL, "at-rest-key").build()).get(0);
    HsmCrypto.Encrypted ct =
        hsm.crypto()
            .encrypt(
                s,
                Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[0], new byte[0], 128)),
                key,
                PLAIN);
    Cipher sw = Cipher.getInstance("AES/GCM/NoPadding");
    sw.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(KEY, "AES"),
        new GCMParameterSpec(128, ct.generatedIv()));
    assertArrayEquals(PLAIN, sw.doFinal(ct.ciphertext()), "the stored key is the known key");
    assertArrayEquals(smk, hsm.sks().vault().primarySmk(1).orElseThrow(), "the SMK survives");
  }

  /** A V1 partition with a known token key, a private data object, an SMK and an audit log. */
  private Live live(HsmOptions options) throws Exception {
    Hsm hsm = Hsm.open(options);
    EngineFixtures.initHsm(hsm);
    long a = hsm.openSession(Hsm.ADMIN_PARTITION, APP, true);
    hsm.login(a, Role.HSM_SO, pin(EngineFixtures.SO_PIN));
    hsm.createPartition(a, 1, 1);
    hsm.closeSession(a);
    long p = hsm.openSession(1, APP, true);
    hsm.initPartition(p, "part-1", pin(EngineFixtures.PO_PIN), EngineFixtures.DOMAIN, null);
    hsm.closeSession(p);
    EngineFixtures.initCo(hsm, 1);
    long co = EngineFixtures.coSession(hsm, 1, APP);
    hsm.createObject(
        co,
        Attributes.builder()
            .set(Cka.CLASS, Cko.SECRET_KEY)
            .set(Cka.KEY_TYPE, Ckk.AES)
            .set(Cka.TOKEN, true)
            .set(Cka.SENSITIVE, true)
            .set(Cka.ENCRYPT, true)
            .set(Cka.DECRYPT, true)
            .set(Cka.LABEL, "at-rest-key")
            .set(Cka.VALUE, KEY)
            .build());
    hsm.createObject(
        co,
        Attributes.builder()
            .set(Cka.CLASS, Cko.DATA)
            .set(Cka.TOKEN, true)
            .set(Cka.PRIVATE, true)
            .set(Cka.LABEL, "at-rest-data")
            .set(Cka.VALUE, SECRET_DATA)
            .build());
    byte[] smk = hsm.sks().vault().primarySmk(1).orElseThrow();
    byte[] verifier = hsm.credentialOf(1, Role.CRYPTO_OFFICER).hash();
    byte[] audit = hsm.storedEntries().get(HsmAudit.SECRETS_KEY);
    assertTrue(audit != null && audit.length >= 32, "the device has an audit secret");
    return new Live(hsm, options.stateDirectory(), smk, verifier, audit);
  }

  private MasterKey masterKey() throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Path file = tmp.resolve("outside").resolve("master.key");
    Files.createDirectories(file.getParent());
    Files.write(file, secret);
    return MasterKey.fromFile(file);
  }

  /** Copies the files of a live device directory (the lock stays with its owner). */
  private static Path copyOf(Path dir, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!f.getFileName().toString().equals("lock")) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
    return to;
  }

  /** Runs {@link AtRestAttacker} in a child JVM on {@code copy}; returns its report lines. */
  private static List<String> attack(Path copy, Map<String, byte[]> needles) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AtRestAttacker.class.getName(),
                copy.toString()));
    needles.forEach((name, bytes) -> cmd.add(name + "=" + HexFormat.of().formatHex(bytes)));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove(MasterKey.ENV_VAR);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process child = pb.start();
    List<String> lines =
        new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the attacker process finishes");
    assertEquals(0, child.exitValue(), "attacker exit code; report: " + lines);
    assertFalse(lines.isEmpty(), "the attacker reports");
    return lines;
  }

  private static List<String> hits(List<String> report) {
    return report.stream().filter(l -> l.contains("-HIT ")).toList();
  }
}
