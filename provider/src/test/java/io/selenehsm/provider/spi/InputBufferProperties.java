package io.selenehsm.provider.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The input buffer of single-part operations: whatever the pieces, what it lends or hands over is
 * exactly what was added; a lent array is refilled only by the next input of its own length, and
 * input added after a lend never shows through an array handed over before it.
 */
class InputBufferProperties {
  @Property(tries = 300)
  void lendsExactlyWhatWasAdded(
      @ForAll @Size(max = 6) List<@Size(max = 70) byte[]> ops1,
      @ForAll @Size(max = 6) List<@Size(max = 70) byte[]> ops2) {
    InputBuffer b = new InputBuffer();
    for (List<byte[]> pieces : List.of(ops1, ops2, ops1)) {
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      for (byte[] p : pieces) {
        b.add(p, 0, p.length);
        expected.writeBytes(p);
      }
      assertEquals(expected.size(), b.size());
      byte[] lent = b.lend();
      assertArrayEquals(expected.toByteArray(), lent);
      assertEquals(0, b.size(), "empty after the lend");
    }
  }

  @Test
  void aLentArrayIsRefilledOnlyByInputOfItsLength() {
    InputBuffer b = new InputBuffer();
    byte[] first = {1, 2, 3, 4};
    b.add(first, 0, 4);
    byte[] lent = b.lend();
    assertArrayEquals(first, lent);
    assertNotSame(first, lent, "the caller's array is copied: JCA lets it change after update");
    first[0] = 9;
    assertEquals(1, lent[0], "a change to the caller's array does not reach the input");

    b.add(new byte[] {5, 6, 7, 8}, 0, 4);
    byte[] again = b.lend();
    assertSame(lent, again, "the same length reuses the lent array: no allocation per call");
    assertArrayEquals(new byte[] {5, 6, 7, 8}, again);

    b.add(new byte[] {1, 2}, 0, 2);
    byte[] shorter = b.lend();
    assertArrayEquals(new byte[] {1, 2}, shorter, "another length gets an array of its own");
    assertArrayEquals(new byte[] {5, 6, 7, 8}, lent, "and leaves the earlier one alone");
  }

  @Test
  void anArrayHandedOverIsNeverWrittenAgain() {
    InputBuffer b = new InputBuffer();
    b.add(new byte[] {1, 2, 3}, 0, 3);
    byte[] taken = b.take();
    b.add(new byte[] {4, 5, 6}, 0, 3);
    assertArrayEquals(new byte[] {1, 2, 3}, taken, "take hands the array over for good");
    assertArrayEquals(new byte[] {4, 5, 6}, b.lend());
  }
}
