package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.server.wire.CallRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Off an event loop each message runs at once as its own batch; once a batch's run ends the stream
 * (a pool refused its calls), or the stream ends, calls still arriving never run.
 */
class ArrivalsTest {
  private static List<Arrivals.Arrived> calls(long... ids) {
    List<Arrivals.Arrived> calls = new ArrayList<>();
    for (long id : ids) {
      calls.add(new Arrivals.Arrived(id, CallRequest.getDefaultInstance()));
    }
    return calls;
  }

  /** Arrivals that record each batch they run in {@code ran}; the {@code endingRun}-th ends. */
  private static Arrivals recording(List<List<Arrivals.Arrived>> ran, int endingRun) {
    return new Arrivals(
        batch -> {
          ran.add(batch);
          return ran.size() < endingRun;
        });
  }

  @Test
  void aRunThatEndsTheStreamRunsNothingAfterIt() {
    List<List<Arrivals.Arrived>> ran = new ArrayList<>();
    Arrivals arrivals = recording(ran, 2); // the second batch's run ends the stream
    arrivals.add(calls(1, 2));
    arrivals.add(calls(3));
    arrivals.add(calls(4, 5));
    assertEquals(List.of(calls(1, 2), calls(3)), ran);
  }

  @Test
  void anEndedStreamRunsNoCallThatArrivesAfterwards() {
    List<List<Arrivals.Arrived>> ran = new ArrayList<>();
    Arrivals arrivals = recording(ran, Integer.MAX_VALUE);
    arrivals.add(calls(1));
    arrivals.end();
    arrivals.add(calls(2));
    assertEquals(List.of(calls(1)), ran);
  }
}
