package io.selenehsm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.SlotInfo;
import java.nio.file.Files;
import java.security.Signature;
import java.util.Arrays;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The served routes measure what they claim: the provider's operations run on the served device
 * (its keys live there, its results verify with the JDK), the round trip's call crosses the wire,
 * and a fixture's close stops the server and removes its socket.
 */
class ServedRoutesTest {

  @ParameterizedTest
  @ValueSource(strings = {"served-unix", "served-tls"})
  void aServedRouteSignsWithAKeyOfTheServedDeviceAndTheJdkVerifies(String id) throws Exception {
    Route route = Route.of(id);
    try (JcaRoute fixture = new JcaRoute(route, Row.ECDSA_SIGN)) {
      Object signature = fixture.newOp().run();

      Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
      jdk.initVerify(fixture.publicKey());
      jdk.update(Row.ECDSA_SIGN.input());
      assertTrue(jdk.verify((byte[]) signature));
      assertEquals(io.selenehsm.provider.SeleneProvider.NAME, fixture.providerName());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"served-unix", "served-tls"})
  void aServedRouteEncryptsWithAFreshIvEachTimeAndDecryptsBack(String id) throws Exception {
    try (JcaRoute fixture = new JcaRoute(Route.of(id), Row.AES_GCM_1K)) {
      Op op = fixture.newOp();
      byte[] first = (byte[]) op.run();
      byte[] second = (byte[]) op.run();

      assertEquals(Row.AES_GCM_1K.payloadBytes + 16, first.length);
      assertFalse(Arrays.equals(first, second), "two encryptions under one IV");
      SecretKey key = fixture.secretKey();
      assertNull(key.getEncoded(), "the served key must stay in the HSM");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"served-unix", "served-tls"})
  void theServedPartitionIsReachedThroughTheWireAndClosingStopsTheServer(String id)
      throws Exception {
    ServedDevice served = ServedDevice.start(Route.of(id));
    java.nio.file.Path socket;
    try {
      SlotInfo info = served.partition().info();
      assertEquals(SlotInfo.Kind.APPLICATION, info.kind());
      assertEquals(SeleneProviderSetup.SERIAL + "001", info.tokenSerial());
      assertTrue(
          served.partition().getClass().getName().startsWith("io.selenehsm.server.client."),
          served.partition().getClass().getName());
      long session = served.partition().openSession(3, false);
      byte[] a = served.partition().generateRandom(session, 16);
      byte[] b = served.partition().generateRandom(session, 16);
      assertEquals(16, a.length);
      assertNotEquals(Arrays.toString(a), Arrays.toString(b));
      socket = served.socket();
      assertTrue(Files.exists(socket));
    } finally {
      served.close();
    }
    assertFalse(Files.exists(socket), "the server's socket outlived the fixture");
  }

  @Test
  void aRouteThatIsNotServedIsRefusedByTheServedFixture() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ServedDevice.start(Route.PROVIDER));
    assertEquals("provider is not a served route", e.getMessage());
  }
}
