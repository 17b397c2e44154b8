package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.firmware.time.TimeSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A TLS transport refused at the handshake ends without ever being ready: gRPC reports its end with
 * no attributes, which must not fail (it once threw a NullPointerException into Netty's log).
 */
class RefusedHandshakeCleanupTest {

  @Test
  void theEndOfATransportThatNeverBecameReadyIsIgnored() {
    Connections connections = new Connections(ServerLimits.DEFAULT, TimeSource.system(), p -> null);

    assertDoesNotThrow(() -> connections.transportTerminated(null));
    assertEquals(List.of(), connections.all());
  }
}
