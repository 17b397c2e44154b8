package io.selenehsm.samples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's demo, twice on one durable SELENE_HOME: set up and use, then find it all again. */
class DemoTest {
  @Test
  void firstRunSetsUpAndUsesKeysSecondRunFindsThem(@TempDir Path home) throws Exception {
    String first = run(home);
    for (String step :
        new String[] {
          "Recovered the HSM from Secure Transport Mode",
          "Initialised the partition",
          "Crypto Officer initialised the Crypto User role",
          "slot 0: APPLICATION",
          "the JDK's own RSA verifies it: true",
          "Selene verifies it: true",
          "RSA-OAEP round trip of 32 bytes: true",
          "are now token objects: true",
          "\"demo-ec\" stored with its HSM-signed certificate",
          "the signature verifies with the public key from step 4: true",
          "opens the message sealed in step 5: \"Selene demo",
          "Logged out: true",
          "Luna PCIe HSM 7 serial 7000002",
          "Luna Backup HSM 7 serial 7000003",
          "partition in slot 0 with a Crypto Officer",
          "sealed under the partition's SMK and written to",
          "the JDK verifies with the stored certificate: true",
          "\"demo-sks-aes\" inserted from its blob round-trips AES-GCM: true",
          "== Done"
        }) {
      assertTrue(first.contains(step), "missing \"" + step + "\" in:\n" + first);
    }
    assertTrue(
        first
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("  demo-ec")
                        && l.contains("key entry")
                        && l.contains("CN=Selene demo EC key")),
        first);

    String second = run(home);
    assertTrue(second.contains("already initialised"), second);
    assertTrue(second.contains("already set up by an earlier run"), second);
    assertTrue(second.contains("already holds the demo's blobs"), second);
    assertTrue(second.contains("the JDK verifies with the stored certificate: true"), second);
    assertTrue(second.contains("already holds the demo's keys"), second);
    assertTrue(second.contains("\"demo-rsa\" signs again"), second);
    assertFalse(second.contains("Recovered the HSM"), second);
  }

  private static String run(Path home) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), home);
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
