package io.selenehsm.samples.jsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vendor's RNG sample with names mapped: the HSM's random number generator through {@code
 * SecureRandom}, seeded by the application. A seed adds to the HSM's entropy; it never replaces it,
 * so two generators seeded alike still differ.
 */
class JspRandomTest {
  private JspDevice device;

  @BeforeEach
  void setUp() throws Exception {
    device = JspDevice.provisioned();
    JspDevice.loginThenRegister();
  }

  @AfterEach
  void tearDown() {
    device.close();
  }

  @Test
  void seededHsmRandomStaysUnpredictable() throws Exception {
    SecureRandom a = SecureRandom.getInstance("SeleneRNG", "Selene");
    SecureRandom b = SecureRandom.getInstance("SeleneRNG", "Selene");
    assertEquals("Selene", a.getProvider().getName());
    byte[] seed = "the same seed for both".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    a.setSeed(seed);
    b.setSeed(seed);
    a.setSeed(new byte[10_000]); // longer than one seeding command takes
    byte[] x = new byte[64];
    byte[] y = new byte[64];
    a.nextBytes(x);
    b.nextBytes(y);
    assertFalse(Arrays.equals(x, y), "a seed mixes into the HSM's state, it does not replace it");
    assertFalse(Arrays.equals(x, new byte[64]));
    byte[] generated = a.generateSeed(32);
    assertEquals(32, generated.length);
    // Crude sanity: 4096 random bytes hold every byte value at least once (p of failure ~1e-3
    // per value would be far too high; with 4096 draws a missing value has p < 1e-6 in total).
    byte[] many = new byte[4096];
    a.nextBytes(many);
    boolean[] seen = new boolean[256];
    for (byte v : many) {
      seen[v & 0xff] = true;
    }
    int missing = 0;
    for (boolean s : seen) {
      missing += s ? 0 : 1;
    }
    assertTrue(missing == 0, missing + " byte values never came up in 4096 bytes");
  }
}
